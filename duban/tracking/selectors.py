"""Reads for tracking: task statuses and lights, summaries, timelines, my tasks and the review queue.

Each function runs a fixed number of queries whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Unit, User
from duban.plans.models import Plan, PlanStatus, Section, Target, Task, TaskState, TaskUnit, TaskUnitRole
from duban.tracking import rules
from duban.tracking.models import (
    AuditEntry,
    CompletionRequest,
    ExtensionRequest,
    Notification,
    ProgressReport,
    Reminder,
    ReportStatus,
    RequestStatus,
    TargetValue,
)
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES


@dataclass
class TargetState:
    """A target with its latest approved value and whether that meets it."""

    target: Target
    actual: Decimal | None
    met: bool | None


def task_facts(task: Task, *, reported: Iterable[dt.date], stopped_on: dt.date | None) -> rules.TaskFacts:
    """The facts the rules need, from a task (with its plan loaded) and its lead reports."""
    plan = task.plan
    year = rules.plan_year(plan)
    return rules.TaskFacts(
        start=rules.task_start(plan_start=plan.start_date, issue_date=plan.issue_date, year=year),
        deadline=rules.task_deadline(
            deadline=task.deadline, extended=None, default=plan.default_deadline, year=year
        ),
        extended_deadline=task.extended_deadline,
        state=task.state,
        progress=task.progress,
        completed_on=task.completed_on,
        suspended=task.is_suspended,
        reported=frozenset(reported),
        stopped_on=stopped_on,
    )


def _lead_periods(task_filter: Q) -> dict[int, set[dt.date]]:
    periods: dict[int, set[dt.date]] = defaultdict(set)
    rows = ProgressReport.objects.filter(
        task_filter, role=TaskUnitRole.LEAD, status__in=SUBMITTED_REPORT_STATUSES
    ).values_list("task_id", "period")
    for task_id, period in rows:
        periods[task_id].add(period)
    return periods


def _stops(task_filter: Q) -> dict[int, dt.date]:
    rows = CompletionRequest.objects.filter(task_filter, status=RequestStatus.PENDING).values_list(
        "task_id", "requested_at"
    )
    return {task_id: timezone.localtime(at).date() for task_id, at in rows}


def statuses_for(tasks: list[Task], *, today: dt.date) -> dict[int, rules.TaskStatus]:
    """The status of each task (plans must be loaded, e.g. with select_related), in two queries."""
    ids = [task.pk for task in tasks]
    periods = _lead_periods(Q(task_id__in=ids))
    stops = _stops(Q(task_id__in=ids))
    result: dict[int, rules.TaskStatus] = {}
    for task in tasks:
        facts = task_facts(task, reported=periods.get(task.pk, ()), stopped_on=stops.get(task.pk))
        plan = task.plan
        result[task.pk] = rules.task_status(
            facts, cycle=rules.cycle_of(plan), thresholds=rules.thresholds_of(plan), today=today
        )
    return result


def task_status(task: Task, *, today: dt.date) -> rules.TaskStatus:
    """The status of one task."""
    return statuses_for([task], today=today)[task.pk]


def target_states(tasks: list[Task]) -> dict[int, list[TargetState]]:
    """Each task's targets with their latest approved values (targets must be prefetched)."""
    latest: dict[int, Decimal] = {}
    values = (
        TargetValue.objects.filter(target__task__in=tasks, report__status=ReportStatus.APPROVED)
        .order_by("report__period", "report__reviewed_at", "pk")
        .values_list("target_id", "value")
    )
    for target_id, value in values:
        latest[target_id] = value
    return {
        task.pk: [
            TargetState(
                target=t,
                actual=latest.get(t.pk),
                met=rules.target_met(op=t.op, target=t.value, actual=latest.get(t.pk)),
            )
            for t in task.targets.all()
        ]
        for task in tasks
    }


@dataclass
class PlanSummary:
    """A plan's aggregates, overall and per section and per lead unit."""

    overall: rules.Summary
    sections: list[tuple[Section, rules.Summary]] = field(default_factory=list)
    units: list[tuple[Unit, rules.Summary]] = field(default_factory=list)


def plan_summary(*, plan: Plan, today: dt.date) -> PlanSummary:
    """办结率, 按期办结率, 逾期率, lights and reports on time for a plan, its sections and lead units."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("plan", "section")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
    )
    statuses = statuses_for(tasks, today=today)
    by_section: dict[int, list[rules.TaskStatus]] = defaultdict(list)
    by_unit: dict[int, list[rules.TaskStatus]] = defaultdict(list)
    sections: dict[int, Section] = {}
    units: dict[int, Unit] = {}
    for task in tasks:
        if task.section is not None:
            sections[task.section.pk] = task.section
            by_section[task.section.pk].append(statuses[task.pk])
        for unit in task.lead_units:
            units[unit.pk] = unit
            by_unit[unit.pk].append(statuses[task.pk])
    return PlanSummary(
        overall=rules.summarize(statuses.values(), today=today),
        sections=[
            (sections[pk], rules.summarize(items, today=today))
            for pk, items in sorted(by_section.items(), key=lambda kv: sections[kv[0]].position)
        ],
        units=[
            (units[pk], rules.summarize(items, today=today))
            for pk, items in sorted(by_unit.items(), key=lambda kv: units[kv[0]].name)
        ],
    )


def task_get_for_user(*, user: User, task_id: int) -> Task | None:
    """One task of the user's organisation with what its page shows, or None."""
    task = (
        Task.objects.filter(pk=task_id)
        .select_related("plan", "section")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")), "targets")
        .first()
    )
    if task is None or not permissions.can_view_task(user, task):
        return None
    return task


@dataclass
class Timeline:
    """A task's history: reports with values and evidence, requests, and the audit trail."""

    reports: list[ProgressReport]
    completions: list[CompletionRequest]
    extensions: list[ExtensionRequest]
    audit: list[AuditEntry]


def task_timeline(*, task: Task) -> Timeline:
    """Everything that happened on a task, newest first."""
    reports = (
        ProgressReport.objects.filter(task=task)
        .select_related("unit", "created_by", "submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("target_values", queryset=TargetValue.objects.select_related("target")), "attachments"
        )
        .order_by("-period", "-created_at", "-pk")
    )
    completions = (
        CompletionRequest.objects.filter(task=task)
        .select_related("unit", "requested_by", "decided_by")
        .prefetch_related("attachments")
    )
    extensions = ExtensionRequest.objects.filter(task=task).select_related(
        "unit", "requested_by", "decided_by"
    )
    audit = AuditEntry.objects.filter(task=task).select_related("actor")
    return Timeline(
        reports=list(reports), completions=list(completions), extensions=list(extensions), audit=list(audit)
    )


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
    collectives = Unit.objects.filter(organization_id=org, kind="collective").prefetch_related("members")
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
        .select_related("task__plan", "task__section")
        .order_by("task__plan_id", "task__position", "role")
    )
    rows: dict[tuple[int, int], MyTask] = {}
    tasks: dict[int, Task] = {}
    for link in links:
        unit = holder_of[link.unit_id]
        tasks[link.task_id] = link.task
        key = (link.task_id, unit.pk)
        if key not in rows or link.role == TaskUnitRole.LEAD:
            rows[key] = MyTask(task=link.task, unit=unit, role=link.role, status=None)  # type: ignore[arg-type]
    statuses = statuses_for(list(tasks.values()), today=today)
    for row in rows.values():
        row.status = statuses[row.task.pk]
    return sorted(rows.values(), key=lambda r: (r.task.plan_id, r.task.position, r.unit.name))


@dataclass
class ReviewQueue:
    """What waits for a supervisor: submitted reports and pending applications."""

    reports: list[ProgressReport]
    completions: list[CompletionRequest]
    extensions: list[ExtensionRequest]


def review_queue(*, user: User) -> ReviewQueue:
    """Submitted reports and pending 办结 / 延期 applications of the user's organisation, oldest first."""
    org = user.organization_id if permissions.can_supervise(user, user.organization_id) else None
    org = org or -1
    reports = (
        ProgressReport.objects.filter(organization_id=org, status=ReportStatus.SUBMITTED)
        .select_related("task", "unit", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    completions = (
        CompletionRequest.objects.filter(organization_id=org, status=RequestStatus.PENDING)
        .select_related("task", "unit", "requested_by")
        .order_by("requested_at")
    )
    extensions = (
        ExtensionRequest.objects.filter(organization_id=org, status=RequestStatus.PENDING)
        .select_related("task", "unit", "requested_by")
        .order_by("requested_at")
    )
    return ReviewQueue(reports=list(reports), completions=list(completions), extensions=list(extensions))


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    """The user's latest in-app notifications."""
    return list(Notification.objects.filter(user=user).select_related("task")[:limit])


def tasks_open_in(*, plan: Plan) -> list[Task]:
    """The plan's tasks still to be reported on (not completed, not suspended), with units."""
    return list(
        Task.objects.filter(plan=plan, is_suspended=False)
        .exclude(state=TaskState.COMPLETED)
        .select_related("plan")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("position")
    )


# --- Pages over a whole plan: dashboard, plan page, unit page, matrix --------------------------------


@dataclass
class TaskLine:
    """A task with its status on the day."""

    task: Task
    status: rules.TaskStatus


def plan_task_lines(*, plan: Plan, today: dt.date) -> list[TaskLine]:
    """Every task of the plan in order, with units, targets and status, in five queries."""
    tasks = list(Task.objects.filter(plan=plan).select_related("plan").for_display())
    statuses = statuses_for(tasks, today=today)
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


@dataclass
class TargetHistory:
    """A target's approved and pending values, oldest first."""

    target: Target
    values: list[TargetValue]


def target_history(*, task: Task) -> dict[int, list[TargetValue]]:
    """Every reported value of the task's targets (not drafts), by target pk, oldest first."""
    history: dict[int, list[TargetValue]] = defaultdict(list)
    values = (
        TargetValue.objects.filter(target__task=task, report__status__in=SUBMITTED_REPORT_STATUSES)
        .select_related("report__unit")
        .order_by("report__period", "report__submitted_at", "pk")
    )
    for value in values:
        history[value.target_id].append(value)
    return history


def task_reminders(*, task: Task) -> list[Reminder]:
    """催办 and reminders about the task, or about its plan's cycle sent to one of its units, newest first."""
    unit_ids = [link.unit_id for link in task.task_units.all()]
    return list(
        Reminder.objects.filter(
            Q(task=task) | Q(plan_id=task.plan_id, task__isnull=True, unit_id__in=unit_ids)
        )
        .select_related("unit", "sent_by")
        .order_by("-created_at", "-pk")[:50]
    )


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
    periods = {row.task.pk: rules.period_for(rules.cycle_of(row.task.plan), today) for row in rows}
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
