"""Writes of 考核: the scheme (考核细则) and the manual entries, each in one transaction and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal

from django.db import transaction

from duban.accounts import permissions
from duban.accounts.models import Organization, Unit, User
from duban.assessment.models import AssessmentEntry, AssessmentScheme, EntryKind, EvidenceKind
from duban.assessment.rules import Scheme, scheme_problems
from duban.assessment.selectors import assessed_units
from duban.assessment.subordinates import assessed_subordinates
from duban.lib.audit import audit_record, snapshot
from duban.lib.errors import DomainError, NotAllowed
from duban.plans.models import Plan

REASON_REQUIRED = "请写明加分、扣分或一票否决的事由。"
POINTS_REQUIRED = "加分、扣分的分值须大于0，至多两位小数，不超过100。"
VETO_HAS_NO_POINTS = "一票否决不计分值，请不要填写分值。"
UNIT_NOT_ASSESSED = "该单位在本方案中没有牵头任务，不参加考核。"
SUBJECT_REQUIRED = "请选择一个被考核的单位或下级组织（二者选一）。"
NOT_SUBORDINATE = "该组织不是本单位的下级组织，不能在本方案中加扣分。"
SUBORDINATE_NOT_ASSESSED = "该下级组织没有承接本方案的任务，不参加本方案的考核。"
KIND_INVALID = "类别只能是加分、扣分或一票否决。"
EVIDENCE_KIND_INVALID = "依据类别只能是表扬、通报批评、领导批示肯定或其他。"
ENTRY_GONE = "这条加扣分记录已不存在。"
SCHEME_INVALID = "考核细则有误，请按提示修改。"
ENTRY_FIELDS = ("unit", "subordinate", "kind", "points", "reason", "evidence_kind", "evidence", "occurred_on")


class AssessmentRefused(DomainError):
    """A write refused with its message, and the messages by field when the input was wrong."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


def _scheme_json(scheme: Scheme) -> dict[str, object]:
    return {
        "items": [asdict(item) for item in scheme.items],
        "periods": [
            {
                "label": p.label.strip(),
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "weight": p.weight,
            }
            for p in scheme.periods
        ],
        "grades": [{"label": g.label.strip(), "minimum": str(g.minimum)} for g in scheme.grades],
        "excellent_quota": scheme.excellent_quota,
        "bonus_cap": scheme.bonus_cap,
        "deduction_cap": scheme.deduction_cap,
    }


@transaction.atomic
def scheme_save(*, plan: Plan, scheme: Scheme, by: User) -> AssessmentScheme:
    """Save the plan's 考核细则 after checking it whole; a wrong one changes nothing."""
    if not permissions.can_supervise(by, plan.organization_id):
        raise NotAllowed
    problems = scheme_problems(scheme)
    if problems:
        raise AssessmentRefused(SCHEME_INVALID, problems)
    fields = ("items", "periods", "grades", "excellent_quota", "bonus_cap", "deduction_cap")
    row = AssessmentScheme.objects.select_for_update().filter(plan=plan).first()
    before = snapshot(row, fields) if row is not None else None
    values = _scheme_json(scheme)
    if row is None:
        row = AssessmentScheme(organization_id=plan.organization_id, plan=plan)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = by
    row.save()
    audit_record(
        actor=by,
        action="assessment_scheme_save",
        obj=row,
        plan=plan,
        before=before,
        after=snapshot(row, fields),
    )
    return row


@transaction.atomic
def entry_add(
    *,
    plan: Plan,
    unit: Unit | None = None,
    subordinate: Organization | None = None,
    kind: str,
    points: Decimal | None,
    reason: str,
    evidence_kind: str,
    evidence: str,
    occurred_on: dt.date,
    by: User,
) -> AssessmentEntry:
    """Record a 加分, 扣分 or 一票否决 on a unit or subordinate the plan assesses, with its evidence."""
    if not permissions.can_supervise(by, plan.organization_id):
        raise NotAllowed
    fields: dict[str, list[str]] = {}
    if kind not in EntryKind.values:
        fields["kind"] = [KIND_INVALID]
    if evidence_kind not in EvidenceKind.values:
        fields["evidence_kind"] = [EVIDENCE_KIND_INVALID]
    if not reason.strip():
        fields["reason"] = [REASON_REQUIRED]
    if kind == EntryKind.VETO and points:
        fields["points"] = [VETO_HAS_NO_POINTS]
    elif kind != EntryKind.VETO and not _valid_points(points):
        fields["points"] = [POINTS_REQUIRED]
    fields.update(_subject_problems(plan, unit, subordinate))
    if fields:
        first = next(iter(fields.values()))[0]
        raise AssessmentRefused(first, fields)
    entry = AssessmentEntry.objects.create(
        organization_id=plan.organization_id,
        plan=plan,
        unit=unit,
        subordinate=subordinate,
        kind=kind,
        points=points if kind != EntryKind.VETO and points is not None else Decimal(0),
        reason=reason.strip(),
        evidence_kind=evidence_kind,
        evidence=evidence.strip(),
        occurred_on=occurred_on,
        created_by=by,
    )
    audit_record(actor=by, action="assessment_entry_add", obj=entry, plan=plan, after=_entry_snapshot(entry))
    return entry


def _subject_problems(
    plan: Plan, unit: Unit | None, subordinate: Organization | None
) -> dict[str, list[str]]:
    """Exactly one subject, and one the plan assesses: a lead unit, or a subordinate with 承接任务."""
    if (unit is None) == (subordinate is None):
        return {"unit": [SUBJECT_REQUIRED]}
    if unit is not None:
        assessed = assessed_units(plan).filter(pk=unit.pk).exists()
        return {} if assessed else {"unit": [UNIT_NOT_ASSESSED]}
    assert subordinate is not None
    if subordinate.parent_id != plan.organization_id:
        return {"subordinate": [NOT_SUBORDINATE]}  # a sibling, the plan's own or an unrelated organisation
    if not assessed_subordinates(plan).filter(pk=subordinate.pk).exists():
        return {"subordinate": [SUBORDINATE_NOT_ASSESSED]}
    return {}


def _valid_points(points: Decimal | None) -> bool:
    return (
        points is not None
        and points.is_finite()
        and Decimal(0) < points <= Decimal(100)
        and points == points.quantize(Decimal("0.01"))
    )


def _entry_snapshot(entry: AssessmentEntry) -> dict[str, object]:
    values = snapshot(entry, ENTRY_FIELDS)
    # Names, so the sentence reads without a lookup.
    if entry.unit is not None:
        values["unit"] = entry.unit.name
    if entry.subordinate is not None:
        values["subordinate"] = entry.subordinate.name
    return values


@transaction.atomic
def entry_remove(*, entry_id: int, plan: Plan, by: User) -> None:
    """Withdraw (撤销) a manual entry; the trail keeps what it was."""
    if not permissions.can_supervise(by, plan.organization_id):
        raise NotAllowed
    entry = (
        AssessmentEntry.objects.select_for_update(of=("self",))
        .select_related("unit", "subordinate")
        .filter(plan=plan, pk=entry_id)
        .first()
    )
    if entry is None:
        raise AssessmentRefused(ENTRY_GONE)
    before = _entry_snapshot(entry)
    audit_record(actor=by, action="assessment_entry_remove", obj=entry, plan=plan, before=before)
    entry.delete()
