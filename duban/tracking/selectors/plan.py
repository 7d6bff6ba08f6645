"""Pages over a whole plan: the task lines, a page of the plan page, the dashboard, the matrix."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from duban.accounts.models import Unit, UnitKind
from duban.plans.models import (
    Plan,
    Section,
    Target,
    Task,
    TaskQuerySet,
    TaskState,
    TaskUnit,
    TaskUnitRole,
)
from duban.tracking import rules
from duban.tracking.selectors.status import status_rows, statuses_for, statuses_of_rows
from duban.tracking.target_pace import target_on_pace

# What a status needs from a task: a scan over these finds the tasks of one light without loading rows.
STATUS_FIELDS = (
    "id",
    "plan_id",
    "position",
    "state",
    "progress",
    "deadline",
    "start_date",
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
    targets_on_pace: int = 0  # at or past their 序时 share (target_pace), met ones included
    targets_unreported: int = 0
    place: int = 0  # a unit's place in the ranking; equal figures share one (并列)
    tied: bool = False

    @property
    def targets_behind(self) -> int:
        """Targets reported but short of their 序时 share."""
        return self.targets_total - self.targets_on_pace - self.targets_unreported


@dataclass
class TaskList:
    """The first lines of a long list of tasks, and how many there are in all."""

    lines: list[TaskLine]
    total: int

    @property
    def more(self) -> int:
        """How many tasks of the list are not shown."""
        return self.total - len(self.lines)


@dataclass
class PlanDashboard:
    """What a leader reads on a plan's dashboard."""

    overall: GroupFigures
    sections: list[GroupFigures]
    units: list[GroupFigures]  # lead units, best first
    targets: dict[str, int]  # met, unmet, unreported
    lagging: TaskList
    overdue: TaskList


@dataclass(frozen=True)
class _TargetFigure:
    op: str
    value: Decimal
    latest_value: Decimal | None
    expected: int  # the task's 序时进度 (%), against which the value is read

    @property
    def met(self) -> bool | None:
        return rules.target_met(op=self.op, target=self.value, actual=self.latest_value)

    @property
    def on_pace(self) -> bool | None:
        return target_on_pace(
            op=self.op, target=self.value, actual=self.latest_value, expected_percent=self.expected
        )


def _figures(
    pk: int,
    label: str,
    statuses: list[rules.TaskStatus],
    targets: list[_TargetFigure],
    today: dt.date,
) -> GroupFigures:
    count = len(statuses) or 1
    paces = [t.on_pace for t in targets]
    return GroupFigures(
        pk=pk,
        label=label,
        summary=rules.summarize(statuses, today=today),
        progress=round(sum(s.progress for s in statuses) / count),
        expected=round(sum(s.expected for s in statuses) / count),
        targets_met=sum(1 for t in targets if t.met),
        targets_total=len(targets),
        targets_on_pace=sum(1 for pace in paces if pace),
        targets_unreported=sum(1 for pace in paces if pace is None),
    )


def _score(figures: GroupFigures) -> tuple[float, float, float]:
    s = figures.summary
    return (-(s.completion_rate or 0), s.overdue_rate or 0, -(s.reports_on_time_rate or 0))


def ranked(groups: list[GroupFigures]) -> list[GroupFigures]:
    """Best first by 办结率, 逾期率, 按时报送率; equal figures share a place (并列), named in name order."""
    ordered = sorted(groups, key=lambda g: (_score(g), g.label))
    for index, group in enumerate(ordered):
        before = ordered[index - 1] if index else None
        after = ordered[index + 1] if index + 1 < len(ordered) else None
        same_as_before = before is not None and _score(before) == _score(group)
        group.place = before.place if same_as_before and before is not None else index + 1
        group.tied = same_as_before or (after is not None and _score(after) == _score(group))
    return ordered


def plan_dashboard(*, plan: Plan, today: dt.date) -> PlanDashboard:
    """Figures overall, per section and per lead unit (ranked), targets, and the first lagging and overdue
    tasks, in ten queries whatever the plan's size.

    Statuses depend on the day, so they are computed on read, but only from the columns they need (a scan of
    the plan's tasks, no rows of sections, units or targets joined to them); only the tasks listed are loaded
    whole.
    """
    tasks = status_rows(plan=plan)
    statuses = statuses_of_rows(tasks, plan=plan, today=today)
    leads: dict[int, list[int]] = defaultdict(list)  # unit → its tasks
    for task_id, unit_id in (
        TaskUnit.objects.filter(task__plan=plan, role=TaskUnitRole.LEAD)
        .order_by()
        .values_list("task_id", "unit_id")
    ):
        leads[unit_id].append(task_id)
    # A collective (各处室) is many units at once: it is not ranked as one.
    names = dict(
        Unit.objects.filter(pk__in=list(leads))
        .exclude(kind=UnitKind.COLLECTIVE)
        .order_by()
        .values_list("pk", "name")
    )
    figures: dict[int, list[_TargetFigure]] = defaultdict(list)
    for task_id, op, value, latest in (
        Target.objects.filter(task__plan=plan)
        .order_by()
        .values_list("task_id", "op", "value", "latest_value")
    ):
        figures[task_id].append(_TargetFigure(op, value, latest, statuses[task_id].expected))
    by_section: dict[int, list[int]] = defaultdict(list)
    for task in tasks:
        if task.section_id is not None:
            by_section[task.section_id].append(task.pk)
    sections = Section.objects.filter(plan=plan).order_by("position").only("no", "title", "position")

    def group(pk: int, label: str, ids: list[int]) -> GroupFigures:
        targets = [t for task_id in ids for t in figures.get(task_id, ())]
        return _figures(pk, label, [statuses[i] for i in ids], targets, today)

    everything = [t.met for items in figures.values() for t in items]
    lagging = [t.pk for t in tasks if statuses[t.pk].light in (rules.Light.RED, rules.Light.YELLOW)]
    overdue = [t.pk for t in tasks if statuses[t.pk].overdue and t.state != TaskState.COMPLETED]
    return PlanDashboard(
        overall=group(plan.pk, plan.title, [t.pk for t in tasks]),
        sections=[group(s.pk, f"{s.no}、{s.title}", by_section[s.pk]) for s in sections if by_section[s.pk]],
        units=ranked([group(pk, name, leads[pk]) for pk, name in names.items()]),
        targets={
            "met": sum(1 for m in everything if m),
            "unmet": sum(1 for m in everything if m is False),
            "unreported": sum(1 for m in everything if m is None),
        },
        **_listed(plan=plan, statuses=statuses, lagging=lagging, overdue=overdue),
    )


DASHBOARD_LIST_SIZE = 30


def _listed(
    *, plan: Plan, statuses: dict[int, rules.TaskStatus], lagging: list[int], overdue: list[int]
) -> dict[str, TaskList]:
    # The first tasks of each list, loaded whole in one go; the plan page lists them all.
    shown = {*lagging[:DASHBOARD_LIST_SIZE], *overdue[:DASHBOARD_LIST_SIZE]}
    rows = {task.pk: task for task in Task.objects.filter(pk__in=shown).for_display()}
    for task in rows.values():
        task.plan = plan

    def listed(ids: list[int]) -> TaskList:
        lines = [TaskLine(task=rows[i], status=statuses[i]) for i in ids[:DASHBOARD_LIST_SIZE]]
        return TaskList(lines=lines, total=len(ids))

    return {"lagging": listed(lagging), "overdue": listed(overdue)}


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


@dataclass
class OpenTask:
    """What a reminder needs of a task still to be reported on: its number, deadlines and units."""

    pk: int
    no: str
    deadline: dt.date | None
    extended_deadline: dt.date | None
    start_date: dt.date | None  # an ad-hoc item's 交办日期; else the plan's start
    node_figures: list[dict[str, object]] | None  # the approved 推进节点 (tracking.services.milestones)
    units: list[Unit]  # every unit of the task (lead and support, collectives too), in document order
    lead_unit_ids: set[int] = field(default_factory=set)


def tasks_open_in(*, plan: Plan) -> list[OpenTask]:
    """The plan's tasks still to be reported on (not completed, not suspended), with units."""
    return tasks_open_in_plans(plans=[plan])[plan.pk]


def tasks_open_in_plans(*, plans: list[Plan]) -> dict[int, list[OpenTask]]:
    """Each plan's tasks still to be reported on, with units, in three queries for all the plans.

    Columns, not model instances: `duban remind` reads every open task of every plan each day.
    """
    tasks: dict[int, OpenTask] = {}
    by_plan: dict[int, list[OpenTask]] = {plan.pk: [] for plan in plans}
    open_tasks = Task.objects.filter(plan_id__in=list(by_plan), is_suspended=False).exclude(
        state=TaskState.COMPLETED
    )
    rows = open_tasks.order_by("plan_id", "position").values_list(
        "plan_id", "pk", "no", "deadline", "extended_deadline", "start_date", "node_figures"
    )
    for plan_id, pk, no, deadline, extended, start, nodes in rows:
        tasks[pk] = OpenTask(
            pk=pk,
            no=no,
            deadline=deadline,
            extended_deadline=extended,
            start_date=start,
            node_figures=nodes,
            units=[],
        )
        by_plan[plan_id].append(tasks[pk])
    links = list(
        TaskUnit.objects.filter(task_id__in=open_tasks.order_by().values("pk"))  # a subquery, not 10,000 ids
        .order_by("task_id", "role", "position")
        .values_list("task_id", "unit_id", "role")
    )
    organizations = {plan.organization_id for plan in plans}
    units = Unit.objects.filter(organization_id__in=organizations).in_bulk({unit for _, unit, _ in links})
    for task_id, unit_id, role in links:
        tasks[task_id].units.append(units[unit_id])
        if role == TaskUnitRole.LEAD:
            tasks[task_id].lead_unit_ids.add(unit_id)
    return by_plan
