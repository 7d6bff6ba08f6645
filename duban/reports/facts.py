"""What duban.reports' exports need from tracking: each task's standing on a day, and the reports.

It lives in reports so the dependency runs one way: reports imports tracking, never the reverse. Plugged
into `duban.reports.exports` (DEFAULT_TRACKING, DEFAULT_REPORTS); both run a fixed number of queries
whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from django.utils import timezone

from duban.plans.models import Plan, Task, TaskUnitRole
from duban.reports.adapters import TaskTracking
from duban.reports.data import Light, ReportRow
from duban.tracking import rules, selectors
from duban.tracking.models import ProgressReport, ReportStatus
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES


def tasks_tracking(tasks: Sequence[Task], today: dt.date) -> dict[int, TaskTracking]:
    """Each task's state, light, progress against 序时进度, latest approved lead report and target values."""
    items = list(tasks)
    statuses = selectors.statuses_for(items, today=today)
    targets = selectors.target_states(items)
    latest: dict[int, ProgressReport] = {}
    approved = ProgressReport.objects.filter(
        task__in=items, role=TaskUnitRole.LEAD, status=ReportStatus.APPROVED
    ).order_by("period", "reviewed_at", "pk")
    for approved_report in approved:
        latest[approved_report.task_id] = approved_report
    result: dict[int, TaskTracking] = {}
    for task in items:
        status, report = statuses[task.pk], latest.get(task.pk)
        result[task.pk] = TaskTracking(
            state_label="中止" if task.is_suspended else task.get_state_display(),
            progress=status.progress,
            completed_on=task.completed_on if status.state == "completed" else None,
            overdue=status.overdue,
            light=None if status.light == rules.Light.NONE else cast(Light, status.light.value),
            expected=status.expected,
            behind=status.pace == rules.Pace.BEHIND,
            report_text=report.text if report else "",
            report_date=_day(report.submitted_at) if report else None,
            target_actuals={s.target.pk: s.actual for s in targets[task.pk] if s.actual is not None},
            target_met={s.target.pk: s.met for s in targets[task.pk] if s.met is not None},
        )
    return result


def plan_reports(plan: Plan, tasks: Sequence[Task]) -> list[ReportRow]:
    """The submitted, approved and returned reports on the tasks, in task and period order."""
    numbers = {task.pk: task.no for task in tasks}
    reports = (
        ProgressReport.objects.filter(task_id__in=list(numbers), status__in=SUBMITTED_REPORT_STATUSES)
        .select_related("unit", "task")
        .order_by("task__position", "period", "pk")
    )
    return [
        ReportRow(
            task_no=numbers[r.task_id],
            unit=r.unit.name,
            role=TaskUnitRole(r.role).label,
            period=r.period,
            status=ReportStatus(r.status).label,
            progress=r.progress,
            text=r.text,
            submitted_on=_day(r.submitted_at),
        )
        for r in reports
    ]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None
