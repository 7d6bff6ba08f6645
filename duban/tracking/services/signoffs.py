"""签收: asking units to sign for an assignment (publishing, a unit added, a 催办) and signing for it.

Any service that assigns a task to a unit asks for the sign-off through `signoffs_request`; plans tells
tracking of publishing and added units by the signals in `plans.signals`, inside its own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Role, Unit, User
from duban.lib import clock
from duban.plans.models import Plan, Task, TaskUnit
from duban.tracking import errors, signoff_rules
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import Reminder, SignOff, SignOffReason
from duban.tracking.services.audit import audit_record, snapshot

BATCH = 2000
NOTE_MAX = 2000
_SIGNED_FIELDS = ("signed_at", "note")


def signoffs_request(
    *,
    plan: Plan,
    assignments: Iterable[tuple[Task, Unit]],
    reason: str,
    reminders: dict[int, Reminder] | None = None,
    reply_by: dt.date | None = None,
    today: dt.date | None = None,
) -> int:
    """Ask each unit to sign for its task; collectives are skipped, a request made before is not repeated.

    `reminders` maps a unit to the 催办 it signs for (reason URGED). One read and one insert, however many.
    """
    if reason not in SignOffReason.values:
        raise ValueError(reason)
    today = today or clock.today()
    due = signoff_rules.signoff_due(
        requested_on=today,
        days=signoff_rules.signoff_days(plan.rules if isinstance(plan.rules, dict) else None),
        reply_by=reply_by,
    )
    now = timezone.now()
    wanted: dict[str, SignOff] = {}
    for task, unit in assignments:
        if unit.is_collective:
            continue  # as with reminders: a collective has no liaison of its own
        reminder = (reminders or {}).get(unit.pk)
        key = f"urged:{reminder.pk}" if reminder is not None else f"{reason}:{task.pk}:{unit.pk}"
        wanted[key] = SignOff(
            organization_id=plan.organization_id,
            plan=plan,
            task=task,
            unit=unit,
            reason=reason,
            reminder=reminder,
            key=key,
            requested_at=now,
            due_on=due,
        )
    if not wanted:
        return 0
    made = set(
        SignOff.objects.filter(organization_id=plan.organization_id, key__in=list(wanted)).values_list(
            "key", flat=True
        )
    )
    fresh = [signoff for key, signoff in wanted.items() if key not in made]
    SignOff.objects.bulk_create(fresh, batch_size=BATCH)
    return len(fresh)


def on_plan_published(*, plan: Plan, **_: Any) -> None:
    """Every unit of a newly published plan signs for each of its tasks."""
    links = TaskUnit.objects.filter(task__plan=plan).select_related("task", "unit").order_by("task_id", "pk")
    signoffs_request(
        plan=plan, assignments=[(link.task, link.unit) for link in links], reason=SignOffReason.PUBLISHED
    )


def on_task_units_assigned(*, links: list[TaskUnit], **_: Any) -> None:
    """A unit added to a published plan's task signs for it."""
    for link in links:
        signoffs_request(
            plan=link.task.plan, assignments=[(link.task, link.unit)], reason=SignOffReason.ASSIGNED
        )


def _check_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise TrackingError(errors.SIGNOFF_NOTE_TOO_LONG.format(limit=NOTE_MAX))
    return note


@transaction.atomic
def signoff_sign(*, signoff: SignOff, by: User, note: str = "") -> SignOff:
    """A liaison signs for one request of its unit (with an optional reply); the time and user are kept."""
    note = _check_note(note)
    if not permissions.can_sign_for(by, signoff.unit_id, signoff.organization_id):
        raise NotAllowed
    locked = SignOff.objects.select_for_update().select_related("task").get(pk=signoff.pk)
    if locked.signed_at is not None:
        raise TrackingError(errors.SIGNOFF_ALREADY_SIGNED)
    return _sign(locked, by=by, note=note, now=timezone.now())


def _sign(signoff: SignOff, *, by: User, note: str, now: dt.datetime) -> SignOff:
    before = snapshot(signoff, _SIGNED_FIELDS)
    signoff.signed_at, signoff.signed_by, signoff.note = now, by, note
    signoff.save(update_fields=["signed_at", "signed_by", "note"])
    audit_record(
        actor=by,
        action="signoff_sign",
        obj=signoff,
        task=signoff.task,
        before=before,
        after={**snapshot(signoff, _SIGNED_FIELDS), "reason": signoff.reason},
    )
    return signoff


def pending_of_user(user: User) -> QuerySet[SignOff]:
    """The sign-offs the user's units have still to sign."""
    return SignOff.objects.filter(
        organization_id=user.organization_id or -1,
        unit__in=user.units.all(),
        signed_at__isnull=True,
    )


@transaction.atomic
def signoffs_sign(*, by: User, task: Task | None = None, note: str = "") -> list[SignOff]:
    """全部签收: a liaison signs every request its units have pending (on one task, or on all)."""
    note = _check_note(note)
    if not isinstance(by, User) or by.role != Role.LIAISON or by.organization_id is None:
        raise NotAllowed
    if task is not None and task.organization_id != by.organization_id:
        raise NotAllowed
    pending = pending_of_user(by).select_for_update(of=("self",)).select_related("task").order_by("pk")
    if task is not None:
        pending = pending.filter(task=task)
    found = list(pending)
    if not found:
        raise TrackingError(errors.SIGNOFF_NONE_PENDING)
    now = timezone.now()
    return [_sign(signoff, by=by, note=note, now=now) for signoff in found]
