"""Reads for plan pages: each returns what a page shows in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef

from duban.accounts.models import Role, Unit, UnitKind, User
from duban.plans.models import (
    Plan,
    PlanKind,
    PlanQuerySet,
    PlanStatus,
    Section,
    Task,
    TaskQuerySet,
    TaskUnit,
    TaskUnitRole,
)
from duban.plans.rules import publish_dates


@dataclass
class TaskRow:
    """A task as listed; `via` names the collective (各处室) through which a filtered unit has it."""

    task: Task
    via: str | None = None
    status: Any = None  # tracking.rules.TaskStatus, when the page shows how the task stands


@dataclass
class SectionTasks:
    """A section with the rows of its tasks that are shown."""

    section: Section | None
    rows: list[TaskRow] = field(default_factory=list)


@dataclass
class UnitTasks:
    """The tasks one unit leads and supports, directly or through a collective such as 各处室."""

    unit: Unit
    lead: list[TaskRow] = field(default_factory=list)
    support: list[TaskRow] = field(default_factory=list)


def plans_for_user(*, user: User) -> PlanQuerySet:
    """The plans a user may see: those of their organisation, newest first, with counts."""
    return Plan.objects.for_organization(user.organization_id).with_counts().select_related("imported_by")


# The plan whose 总览 a user last opened, kept in the session so the logo and 总览 open the same plan.
OVERSEEN_PLAN_KEY = "duban_overseen_plan"


def plans_published_for_user(*, user: User) -> list[Plan]:
    """The published plans of the user's organisation, the current year's first (for the plan switcher)."""
    return list(
        Plan.objects.for_organization(user.organization_id)
        .filter(status=PlanStatus.PUBLISHED)
        .order_by(F("year").desc(nulls_last=True), "-created_at", "-id")
        .only("pk", "title", "year", "kind")
    )


def plan_overseen_id(*, user: User, remembered: object) -> int | None:
    """The published plan the user last opened if still there, else the newest plan year's; one query."""
    plans = plans_published_for_user(user=user)
    if isinstance(remembered, int) and remembered in {plan.pk for plan in plans}:
        return remembered
    # A role starts on an imported plan, not on the year's list of ad-hoc items.
    imported = [plan for plan in plans if plan.kind == PlanKind.IMPORTED]
    return (imported or plans)[0].pk if plans else None


def plan_get_for_user(*, user: User, plan_id: int) -> Plan | None:
    """One plan of the user's organisation, or None (another organisation's plan does not exist for them)."""
    return Plan.objects.for_organization(user.organization_id).filter(pk=plan_id).first()


def plan_tasks(*, plan: Plan, query: str = "") -> list[Task]:
    """The plan's tasks in order, optionally searched by number or text."""
    tasks = list(Task.objects.filter(plan=plan).search(query).for_display())
    for task in tasks:
        task.plan = plan  # one Plan for all, not a copy per task
    return tasks


def plan_tasks_matching(
    *, plan: Plan, query: str = "", unit: Unit | None = None, section_id: int | None = None
) -> TaskQuerySet:
    """The plan's tasks searched by number or text, of one section, held by a unit (also via 各处室)."""
    tasks = Task.objects.filter(plan=plan).search(query)
    if section_id is not None:
        tasks = tasks.filter(section_id=section_id)
    if unit is not None:
        holders = [
            unit.pk,
            *Unit.objects.collectives_containing(unit).order_by().values_list("pk", flat=True),
        ]
        tasks = tasks.filter(pk__in=TaskUnit.objects.filter(unit_id__in=holders).values("task_id"))
    return tasks


def plan_sections_with_tasks(*, plan: Plan, tasks: list[Task]) -> list[SectionTasks]:
    """Tasks grouped under their sections in plan order; sections left without tasks are dropped."""
    groups: dict[int | None, SectionTasks] = {
        section.pk: SectionTasks(section=section) for section in Section.objects.filter(plan=plan)
    }
    for task in tasks:
        group = groups.setdefault(task.section_id, SectionTasks(section=None))
        group.rows.append(TaskRow(task=task))
    ordered = sorted(groups.values(), key=lambda g: g.section.position if g.section else -1)
    return [group for group in ordered if group.rows]


_KIND_ORDER = {UnitKind.DEPARTMENT: 0, UnitKind.AFFILIATED: 1, UnitKind.COLLECTIVE: 2}


def plan_units(*, plan: Plan) -> list[Unit]:
    """Units named in the plan for the unit filter: departments, then affiliated units, then collectives."""
    units = Unit.objects.filter(task_links__task__plan=plan).distinct()
    return sorted(units, key=_unit_order)


def _unit_order(unit: Unit) -> tuple[int, str]:
    return (_KIND_ORDER.get(UnitKind(unit.kind), 3), unit.name)


def plan_unit_tasks(*, plan: Plan, unit: Unit, tasks: list[Task]) -> UnitTasks:
    """Split the given tasks into those the unit leads and supports, counting collectives it belongs to."""
    collectives = {c.pk: c.name for c in Unit.objects.collectives_containing(unit)}
    wanted = {unit.pk, *collectives}
    result = UnitTasks(unit=unit)
    for task in tasks:
        links = [link for link in task.task_units.all() if link.unit_id in wanted]
        # A direct mention outranks one through a collective, and leading outranks supporting.
        links.sort(key=lambda link: (link.role != TaskUnitRole.LEAD, link.unit_id != unit.pk))
        if not links:
            continue
        first: TaskUnit = links[0]
        row = TaskRow(task=task, via=None if first.unit_id == unit.pk else collectives[first.unit_id])
        (result.lead if first.role == TaskUnitRole.LEAD else result.support).append(row)
    return result


def plan_unit_get(*, plan: Plan, unit_id: int) -> Unit | None:
    """A unit of the plan's organisation, or None."""
    return Unit.objects.filter(organization_id=plan.organization_id, pk=unit_id).first()


@dataclass
class PublishWarnings:
    """What would turn a plan red on the day it is published; shown before publishing, never blocking it."""

    today: dt.date
    year: int | None
    start: dt.date  # the start date publishing uses when none is entered
    deadline: dt.date  # the default deadline, for tasks that carry none
    past_deadline_tasks: list[str]  # numbers of tasks whose own deadline is already past
    undated_tasks: int  # tasks without a deadline of their own (they take the default one)
    no_lead_tasks: list[str]
    units_without_liaison: list[Unit]

    @property
    def start_past(self) -> bool:
        return self.start < self.today

    @property
    def deadline_past(self) -> bool:
        return self.deadline < self.today and self.undated_tasks > 0

    @property
    def other_year(self) -> bool:
        return self.year is not None and self.year != self.today.year

    @property
    def any(self) -> bool:
        return bool(
            self.start_past
            or self.deadline_past
            or self.other_year
            or self.past_deadline_tasks
            or self.no_lead_tasks
            or self.units_without_liaison
        )


def plan_publish_warnings(*, plan: Plan, today: dt.date) -> PublishWarnings:
    """The warnings about publishing a plan today, in two queries whatever its size."""
    start, deadline = publish_dates(plan, today=today)
    has_lead = TaskUnit.objects.filter(task=OuterRef("pk"), role=TaskUnitRole.LEAD)
    rows = (
        Task.objects.filter(plan=plan)
        .annotate(has_lead=Exists(has_lead))
        .order_by("position")
        .values_list("no", "deadline", "has_lead")
    )
    past, no_lead, undated = [], [], 0
    for no, task_deadline, lead in rows:
        if task_deadline is None:
            undated += 1
        elif task_deadline < today:
            past.append(no)
        if not lead:
            no_lead.append(no)
    liaison = User.objects.filter(units=OuterRef("pk"), role=Role.LIAISON, is_active=True)
    units = (
        Unit.objects.filter(task_links__task__plan=plan)
        .exclude(kind=UnitKind.COLLECTIVE)  # a collective stands for units that report themselves
        .exclude(Exists(liaison))
        .distinct()
    )
    return PublishWarnings(
        today=today,
        year=plan.year,
        start=start,
        deadline=deadline,
        past_deadline_tasks=past,
        undated_tasks=undated,
        no_lead_tasks=no_lead,
        units_without_liaison=sorted(units, key=_unit_order),
    )
