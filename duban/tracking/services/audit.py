"""Recording changes (全程留痕): every service that writes calls `audit_record` in its transaction.

This is where entries are stored; the apps below tracking reach it through `duban.lib.audit`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from duban.accounts.models import User
from duban.lib.audit import JSON
from duban.lib.audit import snapshot as snapshot
from duban.plans.models import Plan, Task
from duban.tracking.models import AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: JSON | None = None,
    after: JSON | None = None,
    task: Task | None = None,
    plan: Plan | None = None,
    organization_id: int | None = None,
) -> AuditEntry:
    """Add one entry to the audit trail: who did what to which object, with the values that changed."""
    entry = audit_entry(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        task=task,
        plan=plan,
        organization_id=organization_id,
    )
    entry.save(force_insert=True)
    return entry


def audit_entry(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: JSON | None = None,
    after: JSON | None = None,
    task: Task | None = None,
    plan: Plan | None = None,
    organization_id: int | None = None,
) -> AuditEntry:
    """One entry as `audit_record` writes it, unsaved: for `audit_record_many` to add many in one insert."""
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    org_id: int = organization_id or getattr(obj, "organization_id")  # noqa: B009 — not every model has it
    plan_id = plan.pk if plan is not None else (task.plan_id if task is not None else None)
    return AuditEntry(
        organization_id=org_id,
        plan_id=plan_id,
        task=task,
        actor=actor,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


def audit_record_many(entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    """Add entries made by `audit_entry` to the trail in one insert (a write that touches many objects)."""
    return AuditEntry.objects.bulk_create(entries)
