"""Reads for 考核: a plan's scheme, its entries, and its results, in a fixed number of queries.

Results take each period's ledger as at the period's end (`reports.adapters.ledger_data_from_plan` with
tracking's figures, rewound), so a closed quarter keeps its figures. The queries grow with the number of
periods reached (at most 12 in a year), never with tasks or units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import QuerySet

from duban.accounts.models import Unit, UnitKind
from duban.assessment.figures import unit_period_figures
from duban.assessment.models import AssessmentEntry, AssessmentScheme, EntryKind
from duban.assessment.ratings import period_ratings
from duban.assessment.rules import (
    Adjustment,
    Figure,
    GradeSpec,
    Item,
    PeriodSpec,
    Scheme,
    SubjectFigures,
    SubjectResult,
    default_scheme,
    periods_reached,
    ranked,
    subject_result,
)
from duban.assessment.subordinates import cascaded_subordinates, plan_start
from duban.plans.models import Plan, PlanStatus, TaskUnitRole
from duban.reports.adapters import ledger_data_from_plan, no_reports
from duban.reports.data import LedgerPlan
from duban.reports.exports import DEFAULT_TRACKING
from duban.tracking import rules as tracking_rules
from duban.tracking.models import AuditEntry, ProgressReport

# (plan, scheme's periods reached, today) → one SubjectFigures per subordinate organisation. By default the
# organisations that received the plan's tasks (承接任务), each over its own cascaded tasks.
SubordinateSource = Callable[[Plan, Sequence[PeriodSpec], dt.date], list[SubjectFigures]]


def no_subordinates(plan: Plan, periods: Sequence[PeriodSpec], today: dt.date) -> list[SubjectFigures]:
    """No subordinate organisations: for a caller that wants the units alone."""
    return []


SUBORDINATES: SubordinateSource = cascaded_subordinates


def scheme_of(row: AssessmentScheme | None, plan: Plan) -> Scheme:
    """The saved scheme as rules' dataclasses, or the default for the plan's year."""
    if row is None:
        return default_scheme(tracking_rules.plan_year(plan))
    return Scheme(
        items=tuple(Item(str(i["kind"]), int(i["weight"])) for i in row.items),
        periods=tuple(
            PeriodSpec(
                label=str(p["label"]),
                start=dt.date.fromisoformat(p["start"]),
                end=dt.date.fromisoformat(p["end"]),
                weight=int(p["weight"]),
            )
            for p in row.periods
        ),
        grades=tuple(GradeSpec(str(g["label"]), Decimal(str(g["minimum"]))) for g in row.grades),
        excellent_quota=row.excellent_quota,
        bonus_cap=row.bonus_cap,
        deduction_cap=row.deduction_cap,
    )


def plan_scheme(plan: Plan) -> tuple[Scheme, bool]:
    """The plan's scheme and whether it was saved (False: the default is shown). One query."""
    row = AssessmentScheme.objects.filter(plan=plan).first()
    return scheme_of(row, plan), row is not None


def plan_entries(plan: Plan) -> QuerySet[AssessmentEntry]:
    """The plan's manual entries with their subject and author, oldest first. One query."""
    return (
        AssessmentEntry.objects.filter(plan=plan)
        .select_related("unit", "subordinate", "created_by")
        .order_by("occurred_on", "pk")
    )


def assessed_units(plan: Plan) -> QuerySet[Unit]:
    """The units a plan assesses: those leading one of its tasks, never a collective."""
    return (
        Unit.objects.filter(task_links__task__plan=plan, task_links__role=TaskUnitRole.LEAD)
        .exclude(kind=UnitKind.COLLECTIVE)
        .distinct()
        .order_by("name")
    )


# Said wherever a draft plan's results are shown: the page, the API and both files' title area.
PLAN_DRAFT = "方案尚未发布（草稿），各单位还不能报送进展：以下结果仅为试算，不作考核依据。"


@dataclass(frozen=True)
class Results:
    """A plan's assessment as at a day: the scheme, the periods reached, each subject's ranked result."""

    plan: Plan
    scheme: Scheme
    saved: bool
    as_of: dt.date
    periods: tuple[PeriodSpec, ...]
    units: list[SubjectResult]
    organizations: list[SubjectResult]

    @property
    def warning(self) -> str:
        """What a reader must know before trusting these results ("" when nothing)."""
        return PLAN_DRAFT if self.plan.status == PlanStatus.DRAFT else ""


def plan_results(plan: Plan, *, today: dt.date, subordinates: SubordinateSource | None = None) -> Results:
    """Every unit's result and every subordinate organisation's (those that received its tasks), ranked."""
    scheme, saved = plan_scheme(plan)
    periods = periods_reached(scheme, today)
    figures: dict[str, dict[str, dict[str, Figure]]] = defaultdict(dict)  # unit → period → item → figure
    ratings = period_ratings(ProgressReport.objects.filter(task__plan=plan), "unit__name", periods)
    ledgers: dict[dt.date, LedgerPlan] = {}

    def ledger_on(day: dt.date) -> LedgerPlan:
        # Contiguous periods share a day (one's end is the next one's eve): each ledger is read once.
        if day not in ledgers:
            ledgers[day] = ledger_data_from_plan(
                plan, today=day, tracking=DEFAULT_TRACKING, reports=no_reports, rewind=day < today
            )
        return ledgers[day]

    for period in periods:
        ledger = ledger_on(min(period.end, today))
        eve = period.start - dt.timedelta(days=1)
        before = ledger_on(eve).tasks if eve >= plan_start(plan) else []
        measured = unit_period_figures(
            ledger.tasks, ledger.collectives, ratings.get(period.label, {}), before
        )
        for unit, items in measured.items():
            figures[unit][period.label] = items
    adjustments: dict[str, list[Adjustment]] = defaultdict(list)  # subject key → its entries
    for entry in plan_entries(plan):
        adjustments[entry.subject_key].append(_adjustment(entry))
    units = [
        SubjectFigures(key=f"unit:{unit.pk}", name=unit.name, kind="unit", figures=figures.get(unit.name, {}))
        for unit in assessed_units(plan)
    ]
    organizations = (subordinates or SUBORDINATES)(plan, periods, today)

    def scored(subjects: Sequence[SubjectFigures]) -> list[SubjectResult]:
        # Units and subordinates take their entries alike: the same caps, a veto the same lowest grade.
        found = [replace(s, adjustments=(*s.adjustments, *adjustments.get(s.key, ()))) for s in subjects]
        return ranked(scheme, [subject_result(scheme, s, periods) for s in found])

    return Results(
        plan=plan,
        scheme=scheme,
        saved=saved,
        as_of=today,
        periods=tuple(periods),
        units=scored(units),
        organizations=scored(organizations),
    )


def _adjustment(entry: AssessmentEntry) -> Adjustment:
    sign = -1 if entry.kind == EntryKind.DEDUCTION else 1
    label = f"{entry.get_kind_display()}：{entry.reason}（{entry.get_evidence_kind_display()}"
    label += f"，{entry.evidence}）" if entry.evidence else "）"
    return Adjustment(points=sign * entry.points, veto=entry.kind == EntryKind.VETO, reason=label)


def assessment_trail(plan: Plan, limit: int = 50) -> QuerySet[AuditEntry]:
    """The newest changes to the plan's scheme and entries. One query."""
    return (
        AuditEntry.objects.filter(plan=plan, action__startswith="assessment")
        .select_related("actor")
        .order_by("-pk")[:limit]
    )
