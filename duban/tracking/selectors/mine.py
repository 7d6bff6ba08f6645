"""What one user works on: my tasks with this cycle's report, and notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from duban.accounts.models import Unit, User
from duban.plans.models import PlanStatus, Task, TaskState, TaskUnit, TaskUnitRole
from duban.tracking import rules
from duban.tracking.models import Notification, ProgressReport, ReportStatus
from duban.tracking.selectors.status import plans_share, statuses_for


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

    @property
    def due(self) -> bool:
        """Still to be reported this cycle: nothing sent yet, a draft, or a returned report."""
        return self.period is not None and (
            self.report is None or self.report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        )


@dataclass
class MyTasksPage:
    lead: list[MyCycle]
    support: list[MyCycle]

    @property
    def due(self) -> list[MyCycle]:
        return [item for item in (*self.lead, *self.support) if item.due]


def my_tasks_page(*, user: User, today: dt.date) -> MyTasksPage:
    """My tasks split into lead and support, each with this cycle's report, in a fixed number of queries."""
    rows = [row for row in my_tasks(user=user, today=today) if row.task.state != TaskState.COMPLETED]
    prefetch_related_objects([row.task for row in rows], "targets")
    cycles = {row.task.plan_id: rules.cycle_of(row.task.plan) for row in rows}
    periods = {row.task.pk: rules.period_for(cycles[row.task.plan_id], today) for row in rows}
    latest: dict[tuple[int, int], ProgressReport] = {}
    reports = (
        ProgressReport.objects.filter(
            task_id__in=list(periods),
            unit_id__in={row.unit.pk for row in rows},
            period__in=set(periods.values()),
        )
        .prefetch_related("target_values")
        .order_by("created_at", "pk")
    )
    for report in reports:
        if periods.get(report.task_id) == report.period:
            latest[(report.task_id, report.unit_id)] = report
    items = [MyCycle(row, periods[row.task.pk], latest.get((row.task.pk, row.unit.pk))) for row in rows]
    return MyTasksPage(
        lead=[item for item in items if item.row.role == TaskUnitRole.LEAD],
        support=[item for item in items if item.row.role != TaskUnitRole.LEAD],
    )


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    """The user's latest in-app notifications."""
    return list(Notification.objects.filter(user=user).select_related("task")[:limit])
