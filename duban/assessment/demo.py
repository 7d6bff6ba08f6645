"""The demo's half-year assessment (上半年考核): a scheme over the first two quarters and a few entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Organization, Unit, User
from duban.assessment.models import AssessmentEntry, AssessmentScheme
from duban.assessment.rules import GradeSpec, Item, ItemKind, PeriodSpec, Scheme
from duban.assessment.services import entry_add, scheme_save
from duban.assessment.subordinates import assessed_subordinates
from duban.plans.models import Plan
from duban.tracking.models import AuditEntry

# (unit, kind, points, reason, evidence kind, evidence, (month, day))
DemoEntry = tuple[str, str, str, str, str, str, tuple[int, int]]
DEMO_ENTRIES: tuple[DemoEntry, ...] = (
    (
        "基础教育处",
        "bonus",
        "2",
        "学位扩容经验获省教育厅通报表扬。",
        "praise",
        "浙教办函〔2025〕58号",
        (5, 20),
    ),
    (
        "教学研究院",
        "bonus",
        "1",
        "课堂教学改革获市委主要领导批示肯定。",
        "endorsement",
        "市领导批示第12号",
        (6, 9),
    ),
    (
        "安全管理处",
        "deduction",
        "1.5",
        "校舍隐患排查滞后，被督查通报批评。",
        "criticism",
        "督查通报第2期",
        (4, 15),
    ),
)
# On a county that holds 承接任务 of the plan (the demo's cascade): (organisation, …) as above.
DEMO_SUBORDINATE_ENTRIES: tuple[DemoEntry, ...] = (
    (
        "东阳县教育局",
        "bonus",
        "1",
        "承接的学位扩容任务提前完成年度进度，获市政府督查通报表扬。",
        "praise",
        "市政府督查通报第5期",
        (6, 18),
    ),
)
SCHEME_DAY = (7, 8)  # the scheme is set two days before the demo's today


def half_year_scheme(year: int) -> Scheme:
    """一季度 and 二季度 weighted 40/60; at most 30 % 优秀; 加分 up to 5, 扣分 up to 10.

    Mid-year most tasks run to December, so 办结率 and 目标达成率 would say little yet: the half-year
    scores reporting, pace, quality and the tasks already due.
    """
    return Scheme(
        items=(
            Item(ItemKind.REPORTS_ON_TIME, 30),
            Item(ItemKind.ON_TIME_COMPLETION, 20),
            Item(ItemKind.ON_PACE, 30),
            Item(ItemKind.QUALITY, 20),
        ),
        periods=(
            PeriodSpec("一季度", dt.date(year, 1, 1), dt.date(year, 3, 31), 40),
            PeriodSpec("二季度", dt.date(year, 4, 1), dt.date(year, 6, 30), 60),
        ),
        grades=(
            GradeSpec("优秀", Decimal(90)),
            GradeSpec("良好", Decimal(80)),
            GradeSpec("合格", Decimal(60)),
            GradeSpec("不合格", Decimal(0)),
        ),
        excellent_quota=30,
        bonus_cap=Decimal(5),
        deduction_cap=Decimal(10),
    )


@contextmanager
def _dated(day: dt.date) -> Iterator[None]:
    """Date what the block writes to the simulated day, as the tracking demo dates its history."""
    moment = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16))
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_entry = AssessmentEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    AuditEntry.objects.filter(pk__gt=last).update(at=moment)
    AssessmentEntry.objects.filter(pk__gt=last_entry).update(created_at=moment)


@transaction.atomic
def demo_assessment_load(plan: Plan, supervisor: User) -> str:
    """Save the half-year scheme and the entries once; "" when the plan already has a scheme."""
    if AssessmentScheme.objects.filter(plan=plan).exists():
        return ""
    year = plan.year or 2025
    with _dated(dt.date(year, *SCHEME_DAY)):
        saved = scheme_save(plan=plan, scheme=half_year_scheme(year), by=supervisor)
    AssessmentScheme.objects.filter(pk=saved.pk).update(
        updated_at=timezone.make_aware(dt.datetime(year, *SCHEME_DAY, 16))
    )
    units = {u.name: u for u in Unit.objects.filter(organization_id=plan.organization_id)}
    for row in DEMO_ENTRIES:
        _entry_add(plan, supervisor, year, row, unit=units[row[0]])
    # A county's 表扬 once the demo's cascade has sent it tasks of this plan.
    counties = {o.name: o for o in assessed_subordinates(plan)}
    on_counties = [row for row in DEMO_SUBORDINATE_ENTRIES if row[0] in counties]
    for row in on_counties:
        _entry_add(plan, supervisor, year, row, subordinate=counties[row[0]])
    total = len(DEMO_ENTRIES) + len(on_counties)
    of_which = f"（其中下级组织 {len(on_counties)} 条）" if on_counties else ""
    return f"已制定上半年考核细则（一季度40%、二季度60%）并登记加扣分 {total} 条{of_which}。"


def _entry_add(
    plan: Plan,
    supervisor: User,
    year: int,
    row: DemoEntry,
    *,
    unit: Unit | None = None,
    subordinate: Organization | None = None,
) -> None:
    _, kind, points, reason, evidence_kind, evidence, (month, day) = row
    with _dated(dt.date(year, month, day)):
        entry_add(
            plan=plan,
            unit=unit,
            subordinate=subordinate,
            kind=kind,
            points=Decimal(points),
            reason=reason,
            evidence_kind=evidence_kind,
            evidence=evidence,
            occurred_on=dt.date(year, month, day),
            by=supervisor,
        )
