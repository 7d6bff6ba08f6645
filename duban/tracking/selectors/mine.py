"""What one user works on: my tasks with this cycle's report, and notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Prefetch, prefetch_related_objects

from duban.accounts.models import Unit, User
from duban.plans.models import Plan, PlanKind, PlanStatus, Task, TaskState, TaskUnit, TaskUnitRole
from duban.tracking import rules
from duban.tracking.models import Notification, ProgressReport, Reminder, ReminderKind, ReportStatus
from duban.tracking.selectors.plan import STATUS_FIELDS
from duban.tracking.selectors.status import plans_share, statuses_for

# What the order and a card read of a task: a liaison of a 10,000-task plan may hold a thousand of them.
_LISTED = (*STATUS_FIELDS, "organization_id", "no", "text")
MY_TASKS_PAGE_SIZE = 50  # cards per list (a plan's led or supported tasks) and page


@dataclass
class MyTask:
    """A task one of the user's units holds, with the role and the task's status."""

    task: Task
    unit: Unit
    role: str
    status: rules.TaskStatus


def my_tasks(*, user: User, today: dt.date) -> list[MyTask]:
    """The tasks of published plans where one of the user's units leads or supports (also via 各处室)."""
    org = user.organization_id or -1
    own = list(user.units.filter(organization_id=org))
    holder_of: dict[int, Unit] = {}
    for unit in own:
        holder_of.setdefault(unit.pk, unit)
    # Members of the organisation only: the join then reads its units, not every organisation's.
    members_of_org = Prefetch("members", queryset=Unit.objects.filter(organization_id=org).only("pk"))
    collectives = Unit.objects.filter(organization_id=org, kind="collective").prefetch_related(members_of_org)
    for collective in collectives:
        members = {m.pk for m in collective.members.all()}
        for unit in own:
            if unit.kind != "collective" and (not members or unit.pk in members):
                holder_of.setdefault(collective.pk, unit)
    links = (
        TaskUnit.objects.filter(
            unit_id__in=list(holder_of),
            task__plan__status=PlanStatus.PUBLISHED,
            task__organization_id=org,
        )
        .select_related("task")  # the task by its key; no section: the cards do not show it
        .only("task", "unit", "role", *(f"task__{name}" for name in _LISTED))
        .order_by("task__plan_id", "task__position", "role")
    )
    rows: dict[tuple[int, int], tuple[Task, Unit, str]] = {}
    tasks: dict[int, Task] = {}
    for link in links:
        unit = holder_of[link.unit_id]
        task = tasks.setdefault(link.task_id, link.task)
        key = (link.task_id, unit.pk)
        if key not in rows or link.role == TaskUnitRole.LEAD:
            rows[key] = (task, unit, link.role)
    plans_share(list(tasks.values()))
    statuses = statuses_for(list(tasks.values()), today=today)
    mine = [
        MyTask(task=task, unit=unit, role=role, status=statuses[task.pk])
        for task, unit, role in rows.values()
    ]
    return sorted(mine, key=lambda r: (r.task.plan_id, r.task.position, r.unit.name))


@dataclass
class MyCycle:
    """A row of my tasks with the cycle now open and the unit's latest report for it."""

    row: MyTask
    period: dt.date | None
    report: ProgressReport | None
    urged: dt.datetime | None = None  # a 催办 to the unit on this task, sent after its latest report

    @property
    def returned(self) -> bool:
        """This cycle's report came back and waits for its revision."""
        return self.report is not None and self.report.status == ReportStatus.RETURNED

    @property
    def due(self) -> bool:
        """Still to be reported this cycle: nothing sent yet, a draft, or a returned report."""
        return self.period is not None and (
            self.report is None or self.report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        )


def urgency(item: MyCycle) -> tuple[int, int, int]:
    """The order a liaison works in: 退回, red, due this cycle, yellow, the rest; then by task number."""
    if item.returned:
        rank = 0
    elif item.row.status.light == rules.Light.RED:
        rank = 1
    elif item.due:
        rank = 2
    elif item.row.status.light == rules.Light.YELLOW:
        rank = 3
    else:
        rank = 4
    return (rank, 0 if item.urged else 1, item.row.task.position)


@dataclass
class MyPlanTasks:
    """One plan's part of my tasks: lead and support apart, most urgent first."""

    plan: Plan
    lead: list[MyCycle]
    support: list[MyCycle]

    @property
    def count(self) -> int:
        """How many of my tasks the plan holds."""
        return len(self.lead) + len(self.support)


@dataclass
class MyTasksPage:
    lead: list[MyCycle]
    support: list[MyCycle]

    @property
    def due(self) -> list[MyCycle]:
        return [item for item in (*self.lead, *self.support) if item.due]

    @property
    def plans(self) -> list[MyPlanTasks]:
        """My tasks by plan (this year's first, its 督办事项 after its plans), each most urgent first."""
        groups: dict[int, MyPlanTasks] = {}
        for item in (*self.lead, *self.support):
            plan = item.row.task.plan
            group = groups.setdefault(plan.pk, MyPlanTasks(plan=plan, lead=[], support=[]))
            (group.lead if item.row.role == TaskUnitRole.LEAD else group.support).append(item)
        for group in groups.values():
            group.lead.sort(key=urgency)
            group.support.sort(key=urgency)
        adhoc = PlanKind.ADHOC
        return sorted(groups.values(), key=lambda g: (-(g.plan.year or 0), g.plan.kind == adhoc, -g.plan.pk))


def my_tasks_page(*, user: User, today: dt.date) -> MyTasksPage:
    """My tasks split into lead and support, each with this cycle's report, in a fixed number of queries.

    What only a drawn card's report form reads (targets, a draft's values and evidence) is left to
    `my_forms_load`, for the cards on the page.
    """
    rows = [row for row in my_tasks(user=user, today=today) if row.task.state != TaskState.COMPLETED]
    plans = {row.task.plan_id: row.task.plan for row in rows}
    # The cycle is the plan's: one period per plan, not per task.
    period_of_plan = {pk: rules.period_for(rules.cycle_of(plan), today) for pk, plan in plans.items()}
    periods = {row.task.pk: period_of_plan[row.task.plan_id] for row in rows}
    latest: dict[tuple[int, int], ProgressReport] = {}
    reports = ProgressReport.objects.filter(
        task_id__in=list(periods),
        unit_id__in={row.unit.pk for row in rows},
        period__in=set(periods.values()),
    ).order_by("created_at", "pk")
    for report in reports:
        if periods.get(report.task_id) == report.period:
            latest[(report.task_id, report.unit_id)] = report
    urged = _urged(rows)
    items = [
        MyCycle(
            row,
            periods[row.task.pk],
            latest.get((row.task.pk, row.unit.pk)),
            urged.get((row.task.pk, row.unit.pk)),
        )
        for row in rows
    ]
    for item in items:
        # A 催办 is answered by a report submitted after it.
        sent = item.report.submitted_at if item.report is not None else None
        if item.urged is not None and sent is not None and sent >= item.urged:
            item.urged = None
    return MyTasksPage(
        lead=[item for item in items if item.row.role == TaskUnitRole.LEAD],
        support=[item for item in items if item.row.role != TaskUnitRole.LEAD],
    )


def my_forms_load(items: list[MyCycle]) -> None:
    """Load what these cards' report forms read: the tasks' targets, the reports' values and evidence."""
    prefetch_related_objects([item.row.task for item in items], "targets")
    reports = [item.report for item in items if item.report is not None]
    prefetch_related_objects(reports, "target_values", "attachments")


def _urged(rows: list[MyTask]) -> dict[tuple[int, int], dt.datetime]:
    """The latest 催办 per task and unit among my rows, in one query."""
    if not rows:
        return {}
    found = (
        Reminder.objects.filter(
            kind=ReminderKind.MANUAL,
            task_id__in={row.task.pk for row in rows},
            unit_id__in={row.unit.pk for row in rows},
        )
        .values("task_id", "unit_id")
        .annotate(latest=Max("created_at"))
    )
    return {(r["task_id"], r["unit_id"]): r["latest"] for r in found}


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    """The user's latest in-app notifications."""
    return list(Notification.objects.filter(user=user).select_related("task")[:limit])
