"""Reads for plan pages: each returns what a page shows in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from duban.accounts.models import Unit, UnitKind, User
from duban.plans.models import Plan, PlanQuerySet, Section, Task, TaskQuerySet, TaskUnit, TaskUnitRole


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
    return sorted(units, key=lambda unit: (_KIND_ORDER.get(UnitKind(unit.kind), 3), unit.name))


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
