"""Figures kept on tasks and targets so that a status needs no scan of reports.

`Task.reported_periods` (cycles with a submitted lead report), `Task.completion_requested_on` (the day a
pending 办结 application was made) and `Target.latest_value` (the latest approved value) are derived from
reports and requests. The services that change those call `task_figures_refresh` while they hold the task's
row lock, so the figures change in the same transaction as their source and never race.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from duban.plans.models import Target, Task, TaskUnitRole
from duban.tracking.models import CompletionRequest, ProgressReport, ReportStatus, RequestStatus, TargetValue
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES


def lead_periods(task_ids: Iterable[int]) -> dict[int, list[str]]:
    """The cycles (ISO dates, sorted) with a submitted, approved or returned lead report, by task."""
    periods: dict[int, set[dt.date]] = defaultdict(set)
    rows = (
        ProgressReport.objects.filter(
            task_id__in=list(task_ids), role=TaskUnitRole.LEAD, status__in=SUBMITTED_REPORT_STATUSES
        )
        .order_by()  # the default ordering would join tasks and plans for nothing
        .values_list("task_id", "period")
    )
    for task_id, period in rows:
        periods[task_id].add(period)
    return {task_id: [d.isoformat() for d in sorted(days)] for task_id, days in periods.items()}


def completion_requests_pending(task_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each task's pending 办结 application was made (local date)."""
    rows = (
        CompletionRequest.objects.filter(task_id__in=list(task_ids), status=RequestStatus.PENDING)
        .order_by()
        .values_list("task_id", "requested_at")
    )
    return {task_id: timezone.localtime(at).date() for task_id, at in rows}


def latest_approved_values(task_ids: Iterable[int]) -> dict[int, Decimal]:
    """The latest approved value of each target of the tasks (by cycle, then review time), by target."""
    latest: dict[int, Decimal] = {}
    values = (
        TargetValue.objects.filter(target__task_id__in=list(task_ids), report__status=ReportStatus.APPROVED)
        .order_by("report__period", "report__reviewed_at", "pk")
        .values_list("target_id", "value")
    )
    for target_id, value in values:
        latest[target_id] = value
    return latest


def task_figures_refresh(
    task: Task, *, periods: bool = False, completion: bool = False, targets: bool = False
) -> None:
    """Recompute the chosen figures of one (locked) task from its reports and requests, and save them."""
    changed: list[str] = []
    if periods:
        task.reported_periods = lead_periods([task.pk]).get(task.pk, [])
        changed.append("reported_periods")
    if completion:
        task.completion_requested_on = completion_requests_pending([task.pk]).get(task.pk)
        changed.append("completion_requested_on")
    if changed:
        task.save(update_fields=changed)
    if targets:
        latest = latest_approved_values([task.pk])
        stale = [t for t in Target.objects.filter(task=task) if t.latest_value != latest.get(t.pk)]
        for target in stale:
            target.latest_value = latest.get(target.pk)
        Target.objects.bulk_update(stale, ["latest_value"])
