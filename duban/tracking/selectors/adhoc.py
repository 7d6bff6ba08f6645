"""Reads of the ad-hoc 督办事项: the year's list with the plan page's filters, and one item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from duban.accounts.models import Organization, Unit
from duban.plans.models import AdhocItem, Plan, PlanKind, TaskUnit
from duban.plans.selectors import plan_tasks_matching
from duban.tracking.selectors.plan import TaskLine, task_lines_page


@dataclass
class AdhocLine:
    """An item in the year's list: its task's line (light, progress, state) and its source."""

    item: AdhocItem
    line: TaskLine


@dataclass
class AdhocPage:
    """A page of the year's items."""

    lines: list[AdhocLine] = field(default_factory=list)
    total: int = 0
    next_after: int | None = None


def adhoc_plan(*, organization: Organization | int, year: int) -> Plan | None:
    """The organisation's ad-hoc plan of the year, if an item was registered that year."""
    return Plan.objects.filter(organization=organization, year=year, kind=PlanKind.ADHOC).first()


def adhoc_years(*, organization: Organization | int) -> list[int]:
    """The years with ad-hoc items, newest first."""
    plans = Plan.objects.filter(organization=organization, kind=PlanKind.ADHOC, year__isnull=False)
    return sorted({year for year in plans.values_list("year", flat=True) if year is not None}, reverse=True)


def adhoc_items_page(
    *,
    plan: Plan,
    today: dt.date,
    query: str = "",
    unit: Unit | None = None,
    source_kind: str = "",
    light: str = "",
    state: str = "",
    after: int = -1,
) -> AdhocPage:
    """The year's items filtered like a plan's tasks (unit, light, state, text) and by source."""
    tasks = plan_tasks_matching(plan=plan, query=query, unit=unit)
    if source_kind:
        tasks = tasks.filter(adhoc__source_kind=source_kind)
    found = task_lines_page(tasks, plan=plan, today=today, light=light, state=state, after=after)
    shown = [line.task for line in found.lines]
    items = {item.task_id: item for item in AdhocItem.objects.filter(task__in=shown)}
    return AdhocPage(
        lines=[AdhocLine(item=items[line.task.pk], line=line) for line in found.lines],
        total=found.total,
        next_after=found.next_after,
    )


def adhoc_items(
    *, organization: Organization | int | None, year: int | None = None, source_kind: str | None = None
) -> QuerySet[AdhocItem]:
    """The organisation's items by year and number, with their tasks and units (three queries a page)."""
    items = AdhocItem.objects.filter(organization=organization) if organization else AdhocItem.objects.none()
    if year is not None:
        items = items.filter(year=year)
    if source_kind:
        items = items.filter(source_kind=source_kind)
    return (
        items.select_related("task")
        .prefetch_related(Prefetch("task__task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("year", "number")
    )


def adhoc_item_get(*, organization: Organization | int, item_id: int) -> AdhocItem | None:
    """One item of the organisation with its task, plan and units (None for another organisation's)."""
    return (
        AdhocItem.objects.filter(organization=organization, pk=item_id)
        .select_related("task__plan", "registered_by")
        .prefetch_related(Prefetch("task__task_units", queryset=TaskUnit.objects.select_related("unit")))
        .first()
    )
