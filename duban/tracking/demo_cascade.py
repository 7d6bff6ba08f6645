"""The demo's counties: section 二 of the city's plan cascaded (分解下达) to two county bureaus.

东阳县 keeps pace and 西岭县 lags, so the city leader's dashboard shows the counties' roll-up of each split
target (the sum against the city's value) and names the lagging county. Everything goes through the real
services; timestamps are moved back to the simulated days as in `demo.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.accounts.services import (
    organization_get_or_create,
    organization_parent_set,
    unit_upsert,
    user_upsert,
)
from duban.plans.models import CascadeLink, Plan, Target, Task
from duban.plans.services import plan_publish
from duban.tracking.models import AuditEntry, ProgressReport
from duban.tracking.services import reports
from duban.tracking.services.cascade import cascade_accept, cascade_units_assign, tasks_cascade

T = TypeVar("T")

SECTION = "二"
SENT_ON = dt.date(2025, 1, 10)
# name, username prefix, share of each split target, progress against 序时进度 (points), tasks far behind
COUNTIES: list[tuple[str, str, Decimal, int, set[str]]] = [
    ("东阳县教育局", "dongyang", Decimal("0.6"), 15, set()),
    ("西岭县教育局", "xiling", Decimal("0.4"), -14, {"8", "13"}),
]
# The county's own 科 for each city unit that leads a task of the section.
COUNTY_UNITS = {"基础教育处": "基础教育科", "计划财务处": "计划财务科", "职业教育与成人教育处": "职业教育科"}


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _at(day: dt.date, action: Callable[[], T]) -> T:
    """Run a service call and date the audit entries it wrote to the simulated day."""
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = action()
    AuditEntry.objects.filter(pk__gt=last).update(at=_moment(day))
    return result


def demo_cascade_load(*, plan: Plan, supervisor: User, password: str) -> bool:
    """Cascade section 二 to the two counties and play their half-year, once; False when already done."""
    if CascadeLink.objects.filter(parent_task__plan=plan).exists():
        return False
    with transaction.atomic():
        counties = [_county(plan.organization, name, prefix, password) for name, prefix, *_ in COUNTIES]
        tasks = list(
            Task.objects.filter(plan=plan, section__no=SECTION).select_related("plan").order_by("position")
        )
        targets = list(Target.objects.filter(task__in=tasks))
        split = [t for t in targets if t.unit != "%"]
        shares: dict[tuple[int, int], object] = {}
        for target in split:
            first = (target.value * COUNTIES[0][2]).quantize(Decimal(1))
            shares[(target.pk, counties[0][0].pk)] = first
            shares[(target.pk, counties[1][0].pk)] = target.value - first
        links = _at(
            SENT_ON,
            lambda: tasks_cascade(
                tasks=tasks,
                organizations=[org for org, *_ in counties],
                by=supervisor,
                shares=shares,
                split=[t.pk for t in split],
            ),
        )
        for (org, county_supervisor, liaison, units), (*_, pace, far_behind) in zip(
            counties, COUNTIES, strict=True
        ):
            own = [link for link in links if link.organization_id == org.pk]
            _county_half_year(own, county_supervisor, liaison, units, pace=pace, far_behind=far_behind)
    return True


def _county(
    city: Organization, name: str, prefix: str, password: str
) -> tuple[Organization, User, User, dict[str, Unit]]:
    org, _ = organization_get_or_create(name=name)
    _at(dt.date(2025, 1, 2), lambda: organization_parent_set(organization=org, parent=city, by=None))
    units = {
        unit: unit_upsert(organization=org, name=unit, kind=UnitKind.DEPARTMENT, aliases=[])
        for unit in [*COUNTY_UNITS.values(), "办公室"]
    }
    county_supervisor = user_upsert(
        username=f"{prefix}_supervisor",
        password=password,
        organization=org,
        role=Role.SUPERVISOR,
        full_name=f"{name[:2]}督办",
        units=[units["办公室"]],
    )
    user_upsert(
        username=f"{prefix}_leader",
        password=password,
        organization=org,
        role=Role.LEADER,
        full_name=f"{name[:2]}局长",
    )
    liaison = user_upsert(
        username=f"{prefix}_liaison",
        password=password,
        organization=org,
        role=Role.LIAISON,
        full_name=f"{name[:2]}联络",
        units=list(units.values()),
    )
    return org, county_supervisor, liaison, units


def _county_half_year(
    links: list[CascadeLink],
    supervisor: User,
    liaison: User,
    units: dict[str, Unit],
    *,
    pace: int,
    far_behind: set[str],
) -> None:
    """签收, staff, publish, then report monthly and approve: ahead of 序时 or behind it."""
    parents = {
        t.pk: t
        for t in Task.objects.filter(pk__in=[link.parent_task_id for link in links]).prefetch_related(
            "task_units__unit"
        )
    }
    for link in links:
        _at(dt.date(2025, 1, 12), partial(cascade_accept, link=link, by=supervisor))
        lead_name = parents[link.parent_task_id].lead_units[0].name
        lead = units[COUNTY_UNITS.get(lead_name, "基础教育科")]
        _at(
            dt.date(2025, 1, 12),
            partial(cascade_units_assign, task=link.child_task, by=supervisor, lead=[lead]),
        )
    plan = Plan.objects.get(pk=links[0].child_task.plan_id)
    _at(dt.date(2025, 1, 13), lambda: plan_publish(plan=plan, by=supervisor))
    for link in links:
        task = (
            Task.objects.select_related("plan")
            .prefetch_related("targets", "task_units__unit")
            .get(pk=link.child_task_id)
        )
        lead = task.lead_units[0]
        for month in range(1, 7):
            expected = round(100 * month / 12)
            progress = max(5, min(95, expected + (-35 if task.no in far_behind else pace)))
            day = dt.date(2025, month, 20)
            values = {
                t.pk: str(
                    t.value
                    if t.op == "<=" or t.unit == "%"
                    else (t.value * progress / 100).quantize(Decimal(1))
                )
                for t in task.targets.all()
            }
            report = _at(
                day,
                partial(
                    reports.report_save,
                    task=task,
                    unit=lead,
                    by=liaison,
                    text=f"{month}月：按县级方案推进，进度 {progress}%。",
                    progress=progress,
                    target_values=values,
                    submit=True,
                    today=day,
                ),
            )
            ProgressReport.objects.filter(pk=report.pk).update(
                created_at=_moment(day), submitted_at=_moment(day)
            )
            review = day + dt.timedelta(days=2)
            # Rated like the city's reports, so 考核 scores each county's 报送质量: 中 or 差 when far behind.
            if task.no in far_behind:
                quality = "fair" if month % 2 else "poor"
            else:
                quality = ("good", "excellent")[month % 2] if pace > 0 else "good"
            _at(review, partial(reports.report_approve, report=report, by=supervisor, quality=quality))
            ProgressReport.objects.filter(pk=report.pk).update(reviewed_at=_moment(review, 15))
