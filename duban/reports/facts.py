"""What duban.reports' exports need from tracking: each task's standing on a day, and the reports.

It lives in reports so the dependency runs one way: reports imports tracking, never the reverse. Plugged
into `duban.reports.exports` (DEFAULT_TRACKING, DEFAULT_REPORTS); both run a fixed number of queries
whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import cast

from django.utils import timezone

from duban.plans.models import Plan, Task, TaskState, TaskUnitRole
from duban.reports.adapters import TaskTracking
from duban.reports.data import DocumentRow, Light, ReportRow, SubordinateLag, SubordinateRollup
from duban.tracking import rules, rules_documents, selectors
from duban.tracking.models import Attachment, ProgressReport, ReportStatus, SignOff
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES
from duban.tracking.selectors import rollup


def plan_unsigned_counts(plan: Plan) -> dict[str, int]:
    """Each unit's number of tasks with a request it has not signed for (签收), in one query."""
    pairs = set(
        SignOff.objects.filter(plan=plan, signed_at__isnull=True)
        .values_list("task_id", "unit__name")
        .order_by()
    )
    counts: Counter[str] = Counter(name for _, name in pairs)
    return dict(counts)


def tasks_tracking(tasks: Sequence[Task], today: dt.date, rewind: bool = False) -> dict[int, TaskTracking]:
    """Each task's state, light and its reasons, progress, latest approved lead report, on `today`.

    With `rewind`, as the task stood at the end of that past day: only the reports of cycles due by then
    count (report times follow the real clock, cycles follow the plan's calendar), and a completion after
    it is not there yet.
    """
    latest: dict[int, ProgressReport] = {}
    approved = ProgressReport.objects.filter(
        task__in=tasks, role=TaskUnitRole.LEAD, status=ReportStatus.APPROVED
    )
    if rewind:
        approved = approved.filter(period__lte=today)
    for approved_report in approved.order_by("period", "reviewed_at", "pk"):
        latest[approved_report.task_id] = approved_report
    progress = {pk: report.progress for pk, report in latest.items()}
    items = (
        [selectors.task_as_of(task, today, progress=progress.get(task.pk)) for task in tasks]
        if rewind
        else list(tasks)
    )
    files = _evidence_counts(items, today=today if rewind else None)
    statuses = selectors.statuses_for(items, today=today)
    targets = selectors.target_states(items)
    result: dict[int, TaskTracking] = {}
    for task in items:
        status, report = statuses[task.pk], latest.get(task.pk)
        summary = rules.summarize([status], today=today)
        result[task.pk] = TaskTracking(
            state_label="中止" if task.is_suspended else task.get_state_display(),
            progress=status.progress,
            completed_on=task.completed_on if status.state == TaskState.COMPLETED else None,
            overdue=status.overdue,
            light=None if status.light == rules.Light.NONE else cast(Light, status.light.value),
            expected=status.expected,
            behind=status.pace == rules.Pace.BEHIND,
            report_text=report.text if report else "",
            report_date=_day(report.submitted_at) if report else None,
            target_actuals={s.target.pk: s.actual for s in targets[task.pk] if s.actual is not None},
            target_met={s.target.pk: s.met for s in targets[task.pk] if s.met is not None},
            lagging=rules.is_lagging(status),
            reasons=status.reasons,
            due=summary.due == 1,
            completed_on_time=summary.completed_on_time == 1,
            reports_owed=summary.reports_owed,
            reports_made=summary.reports_made,
            missed_in_a_row=status.missed.in_a_row,
            problems=report.problems if report else "",
            next_steps=report.next_steps if report else "",
            evidence=files[task.pk],
        )
    return result


def _evidence_counts(tasks: Sequence[Task], today: dt.date | None) -> Counter[int]:
    """Files on each task; as at `today`, those of reports of cycles due by then and of completions by then.

    Like the reports, evidence is dated by the plan's calendar (the report's cycle, the completion
    request's day), not by upload time, which follows the real clock.
    """
    rows = Attachment.objects.filter(task__in=tasks).order_by().values_list("task_id", "report__period")
    if today is None:
        return Counter(task_id for task_id, _ in rows)
    requested = {task.pk: task.completion_requested_on for task in tasks}
    return Counter(
        task_id
        for task_id, period in rows
        if (period <= today if period is not None else _on_or_before(requested[task_id], today))
    )


def _on_or_before(day: dt.date | None, today: dt.date) -> bool:
    return day is not None and day <= today


def plan_reports(plan: Plan, tasks: Sequence[Task], until: dt.date | None) -> list[ReportRow]:
    """The submitted, approved and returned reports on the tasks (of cycles due by `until`), in order."""
    numbers = {task.pk: task.no for task in tasks}
    found = ProgressReport.objects.filter(task_id__in=list(numbers), status__in=SUBMITTED_REPORT_STATUSES)
    reports = (
        (found if until is None else found.filter(period__lte=until))
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


def plan_subordinates(plan: Plan, today: dt.date, rewind: bool = False) -> SubordinateRollup | None:
    """The subordinates' roll-up of the plan's cascaded tasks on `today` (4 queries); None if none.

    With `rewind`, as they stood at the end of that past day, like the plan's own tasks (`tasks_tracking`).
    """
    found = rollup.plan_rollup(plan=plan, today=today, rewind=rewind)
    if not found.tasks:
        return None
    return SubordinateRollup(
        tasks=len(found.tasks),
        ranking=tuple((f.place, f.organization.name, f.progress) for f in found.organizations),
        lagging=tuple(
            SubordinateLag(
                organization=line.organization.name,
                task_no=line.task.no,
                task_text=line.task.text,
                light=str(line.status.light),
                progress=line.status.progress,
                expected=line.status.expected,
                reasons=tuple(line.status.reasons),
                report_text=line.last_report.text if line.last_report else "",
            )
            for line in found.lagging
        ),
    )


def plan_documents(tasks: Sequence[Task], today: dt.date) -> list[DocumentRow]:
    """The documents the tasks must issue, in plan order, each issued or not by the end of `today`.

    The one read behind the ledger's sheet and the circular (`selectors.task_deliverables`, as the task
    page and the API); a document issued after `today` is still pending then.
    """
    found = selectors.task_deliverables(tasks)
    return [
        DocumentRow(
            task_no=task.no,
            task_text=task.text,
            title=item.document.title,
            issued=rules_documents.is_issued(item.document, on=today),
            doc_number=item.document.doc_number if item.issued_by(today) else "",
            issued_on=item.document.issued_on if item.issued_by(today) else None,
            lead_units=[unit.name for unit in task.lead_units],
            override_reason=item.document.override_reason,
        )
        for task in tasks
        for item in found[task.pk]
    ]
