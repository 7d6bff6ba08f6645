"""Pages over a whole plan: the task lines, a page of the plan page, the dashboard, the matrix."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from duban.accounts.models import Unit
from duban.plans.models import Plan, Section, Task, TaskQuerySet, TaskState, TaskUnit, TaskUnitRole
from duban.tracking import rules
from duban.tracking.selectors.status import TargetState, statuses_for, target_states

# What a status needs from a task: a scan over these finds the tasks of one light without loading rows.
STATUS_FIELDS = (
    "id",
    "plan_id",
    "position",
    "state",
    "progress",
    "deadline",
    "extended_deadline",
    "completed_on",
    "is_suspended",
    "reported_periods",
    "completion_requested_on",
    "node_figures",
)
PLAN_PAGE_SIZE = 100


@dataclass
class TaskLine:
    """A task with its status on the day."""

    task: Task
    status: rules.TaskStatus


def plan_task_lines(*, plan: Plan, today: dt.date) -> list[TaskLine]:
    """Every task of the plan in order, with section, units, targets and status, in three queries."""
    tasks = list(Task.objects.filter(plan=plan).for_display())
    for task in tasks:
        task.plan = plan
    statuses = statuses_for(tasks, today=today, plan=plan)
    return [TaskLine(task=task, status=statuses[task.pk]) for task in tasks]


def task_lines_filter(
    lines: list[TaskLine], *, light: str = "", state: str = "", section_id: int | None = None
) -> list[TaskLine]:
    """The lines of one light (red, yellow, green, none; `lagging` = red or yellow), state and section."""
    lights = {"red", "yellow"} if light == "lagging" else {light}
    return [
        line
        for line in lines
        if (not light or line.status.light.value in lights)
        and (not state or line.task.state == state or (state == "overdue" and line.status.overdue))
        and (section_id is None or line.task.section_id == section_id)
    ]


@dataclass
class TaskLinePage:
    """One page of a plan's filtered tasks: the lines, how many match in all, where the next page starts."""

    lines: list[TaskLine]
    total: int
    next_after: int | None  # the position the next page continues after


def task_lines_page(
    tasks: TaskQuerySet,
    *,
    plan: Plan,
    today: dt.date,
    light: str = "",
    state: str = "",
    after: int = -1,
    size: int | None = None,
) -> TaskLinePage:
    """A page of a plan's tasks (filtered in SQL) of one light and state, after position `after`.

    `after` is -1 for the first page (positions start at 0).

    Without a light or `overdue` filter the page is a keyset query (`position > after`); with one, the
    filtered tasks' statuses are computed from a scan of their status columns only, then the page's rows
    are loaded. Either way a fixed number of queries.
    """
    size = size or PLAN_PAGE_SIZE
    if state and state != "overdue":
        tasks = tasks.filter(state=state)
    if light or state == "overdue":
        scanned = list(tasks.only(*STATUS_FIELDS).order_by("position"))
        statuses = statuses_for(scanned, today=today, plan=plan)
        lines = [TaskLine(task=task, status=statuses[task.pk]) for task in scanned]
        wanted = [line.task for line in task_lines_filter(lines, light=light, state=state)]
        total = len(wanted)
        ids = [task.pk for task in wanted if task.position > after][: size + 1]
        rows = list(Task.objects.filter(pk__in=ids).for_display())
    else:
        total = tasks.count()
        rows = list(tasks.filter(position__gt=after).for_display()[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    for task in rows:
        task.plan = plan
    statuses = statuses_for(rows, today=today, plan=plan)
    return TaskLinePage(
        lines=[TaskLine(task=task, status=statuses[task.pk]) for task in rows],
        total=total,
        next_after=rows[-1].position if more else None,
    )


@dataclass
class GroupFigures:
    """A section or a unit on the dashboard: its summary, mean progress against 序时进度, targets."""

    pk: int
    label: str
    summary: rules.Summary
    progress: int
    expected: int
    targets_met: int = 0
    targets_total: int = 0


@dataclass
class PlanDashboard:
    """What a leader reads on a plan's dashboard."""

    overall: GroupFigures
    sections: list[GroupFigures]
    units: list[GroupFigures]  # lead units, best first
    targets: dict[str, int]  # met, unmet, unreported
    lagging: list[TaskLine]
    overdue: list[TaskLine]


def _figures(
    pk: int, label: str, lines: list[TaskLine], states: dict[int, list[TargetState]], today: dt.date
) -> GroupFigures:
    count = len(lines) or 1
    targets = [t for line in lines for t in states.get(line.task.pk, [])]
    return GroupFigures(
        pk=pk,
        label=label,
        summary=rules.summarize((line.status for line in lines), today=today),
        progress=round(sum(line.status.progress for line in lines) / count),
        expected=round(sum(line.status.expected for line in lines) / count),
        targets_met=sum(1 for t in targets if t.met),
        targets_total=len(targets),
    )


def _rank(figures: GroupFigures) -> tuple[float, float, float, str]:
    s = figures.summary
    return (-(s.completion_rate or 0), s.overdue_rate or 0, -(s.reports_on_time_rate or 0), figures.label)


def plan_dashboard(*, plan: Plan, lines: list[TaskLine], today: dt.date) -> PlanDashboard:
    """Figures overall, per section and per lead unit (ranked), targets, lagging and overdue tasks."""
    states = target_states([line.task for line in lines])
    by_section: dict[int, list[TaskLine]] = defaultdict(list)
    by_unit: dict[int, list[TaskLine]] = defaultdict(list)
    sections: dict[int, Section] = {}
    units: dict[int, Unit] = {}
    for line in lines:
        if line.task.section is not None:
            sections[line.task.section.pk] = line.task.section
            by_section[line.task.section.pk].append(line)
        for unit in line.task.lead_units:
            units[unit.pk] = unit
            by_unit[unit.pk].append(line)
    all_targets = [t for items in states.values() for t in items]
    return PlanDashboard(
        overall=_figures(plan.pk, plan.title, lines, states, today),
        sections=[
            _figures(pk, f"{sections[pk].no}、{sections[pk].title}", items, states, today)
            for pk, items in sorted(by_section.items(), key=lambda kv: sections[kv[0]].position)
        ],
        units=sorted(
            (_figures(pk, units[pk].name, items, states, today) for pk, items in by_unit.items()), key=_rank
        ),
        targets={
            "met": sum(1 for t in all_targets if t.met),
            "unmet": sum(1 for t in all_targets if t.met is False),
            "unreported": sum(1 for t in all_targets if t.met is None),
        },
        lagging=[line for line in lines if line.status.light in (rules.Light.RED, rules.Light.YELLOW)],
        overdue=[line for line in lines if line.status.overdue and line.task.state != TaskState.COMPLETED],
    )


@dataclass
class MatrixRow:
    """One unit's row of the responsibility matrix: its mark per task and its counts."""

    unit: Unit
    marks: list[str]  # per task in plan order: "lead", "support" or ""
    lead: int
    support: int


def responsibility_matrix(*, tasks: list[Task]) -> list[MatrixRow]:
    """Units × tasks (牵头 ● / 责任 ○) from tasks with prefetched units; units by lead count, then name."""
    units: dict[int, Unit] = {}
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for task in tasks:
        for link in task.task_units.all():
            units[link.unit_id] = link.unit
            if marks[link.unit_id].get(task.pk) != TaskUnitRole.LEAD:
                marks[link.unit_id][task.pk] = link.role
    rows = [
        MatrixRow(
            unit=unit,
            marks=[marks[pk].get(task.pk, "") for task in tasks],
            lead=sum(1 for role in marks[pk].values() if role == TaskUnitRole.LEAD),
            support=sum(1 for role in marks[pk].values() if role == TaskUnitRole.SUPPORT),
        )
        for pk, unit in units.items()
    ]
    return sorted(rows, key=lambda row: (row.unit.is_collective, -row.lead, -row.support, row.unit.name))


def tasks_open_in(*, plan: Plan) -> list[Task]:
    """The plan's tasks still to be reported on (not completed, not suspended), with units."""
    tasks = list(
        Task.objects.filter(plan=plan, is_suspended=False)
        .exclude(state=TaskState.COMPLETED)
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("position")
    )
    for task in tasks:
        task.plan = plan
    return tasks
