"""Fill the figures the tracking services now keep (plans 0003) for tasks and targets that existed before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import migrations
from django.utils import timezone

SUBMITTED = ("submitted", "approved", "returned")


def figures_fill(apps: Any, schema_editor: Any = None) -> None:
    """Per plan: lead periods, pending 办结 dates and latest approved target values, in bulk."""
    Plan = apps.get_model("plans", "Plan")
    Task = apps.get_model("plans", "Task")
    Target = apps.get_model("plans", "Target")
    ProgressReport = apps.get_model("tracking", "ProgressReport")
    CompletionRequest = apps.get_model("tracking", "CompletionRequest")
    TargetValue = apps.get_model("tracking", "TargetValue")
    for plan_id in Plan.objects.order_by("pk").values_list("pk", flat=True).iterator():
        periods: dict[int, set[dt.date]] = defaultdict(set)
        reports = ProgressReport.objects.filter(task__plan_id=plan_id, role="lead", status__in=SUBMITTED)
        for task_id, period in reports.order_by().values_list("task_id", "period"):
            periods[task_id].add(period)
        pending = {
            task_id: timezone.localtime(at).date()
            for task_id, at in CompletionRequest.objects.filter(task__plan_id=plan_id, status="pending")
            .order_by()
            .values_list("task_id", "requested_at")
        }
        tasks = list(Task.objects.filter(plan_id=plan_id).order_by().only("pk"))
        for task in tasks:
            task.reported_periods = [d.isoformat() for d in sorted(periods.get(task.pk, ()))]
            task.completion_requested_on = pending.get(task.pk)
        Task.objects.bulk_update(tasks, ["reported_periods", "completion_requested_on"], batch_size=500)
        latest: dict[int, Decimal] = {}
        values = (
            TargetValue.objects.filter(target__task__plan_id=plan_id, report__status="approved")
            .order_by("report__period", "report__reviewed_at", "pk")
            .values_list("target_id", "value")
        )
        for target_id, value in values:
            latest[target_id] = value
        targets = list(Target.objects.filter(task__plan_id=plan_id).order_by().only("pk"))
        for target in targets:
            target.latest_value = latest.get(target.pk)
        Target.objects.bulk_update(targets, ["latest_value"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_task_figures"),
        ("tracking", "0001_initial"),
    ]

    operations = [migrations.RunPython(figures_fill, migrations.RunPython.noop)]
