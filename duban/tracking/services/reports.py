"""Progress reports: keep as draft, submit, withdraw before review, approve (通过) or return (退回).

Every write locks the task row first (select_for_update), so two people acting on one task at the same
moment are served one after the other and each sees the other's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Unit, User
from duban.lib import clock
from duban.plans import permissions as plan_permissions
from duban.plans.models import PlanStatus, Target, Task, TaskState, TaskUnitRole
from duban.tracking import errors, rules
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import ProgressReport, ReportQuality, ReportStatus, TargetValue
from duban.tracking.models.reports import OPEN_REPORT_STATUSES
from duban.tracking.services.attachments import (
    Upload,
    attachments_remove,
    attachments_store,
    files_removed_on_error,
)
from duban.tracking.services.audit import audit_record, snapshot
from duban.tracking.services.figures import task_figures_refresh
from duban.tracking.services.notifications import decision_notify

_FIELDS = (
    "status",
    "text",
    "problems",
    "next_steps",
    "progress",
    "period",
    "reviewed_by",
    "review_comment",
    "quality",
)
TargetInput = Mapping[int, str | int | float | Decimal | None]


def task_lock(task: Task) -> Task:
    """The task row, locked until the end of the transaction, with its plan."""
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


def task_check_open(task: Task, action: rules.Action, verb: str) -> None:
    """Refuse actions on unpublished plans, completed tasks and states that do not allow the action."""
    if task.plan.status != PlanStatus.PUBLISHED:
        raise TrackingError(errors.PLAN_NOT_PUBLISHED)
    if task.state == TaskState.COMPLETED:
        raise TrackingError(errors.TASK_COMPLETED)
    if rules.state_after(task.state, action) is None:
        raise TrackingError(errors.STATE_FORBIDS.format(state=TaskState(task.state).label, action=verb))


def _progress_clean(progress: int | str | None, role: str) -> int | None:
    if role != TaskUnitRole.LEAD:
        if progress not in (None, ""):
            raise TrackingError(errors.PROGRESS_NOT_FOR_SUPPORT)
        return None
    if progress in (None, ""):
        return None
    try:
        value = int(str(progress).strip())
    except ValueError:
        raise TrackingError(errors.PROGRESS_OUT_OF_RANGE) from None
    if not 0 <= value <= 100:
        raise TrackingError(errors.PROGRESS_OUT_OF_RANGE)
    return value


def _targets_clean(task: Task, values: TargetInput) -> dict[Target, Decimal]:
    targets = {target.pk: target for target in Target.objects.filter(task=task)}
    cleaned: dict[Target, Decimal] = {}
    for target_id, raw in values.items():
        target = targets.get(int(target_id))
        if target is None:
            raise TrackingError(errors.TARGET_NOT_OF_TASK)
        if raw is None or str(raw).strip() == "":
            continue
        if isinstance(raw, bool):
            raise TrackingError(errors.TARGET_VALUE_INVALID.format(metric=target.metric))
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise TrackingError(errors.TARGET_VALUE_INVALID.format(metric=target.metric)) from None
        if not value.is_finite() or abs(value) >= Decimal("1e16"):
            raise TrackingError(errors.TARGET_VALUE_INVALID.format(metric=target.metric))
        cleaned[target] = value
    return cleaned


def report_save(
    *,
    task: Task,
    unit: Unit,
    by: User,
    text: str,
    progress: int | str | None = None,
    target_values: TargetInput | None = None,
    files: Sequence[Upload] = (),
    problems: str = "",
    next_steps: str = "",
    submit: bool = False,
    revise: ProgressReport | None = None,
    today: dt.date | None = None,
    remove_attachments: Sequence[int] = (),
) -> ProgressReport:
    """Write the unit's report for the current cycle (or revise a returned one), as a draft or submitted.

    remove_attachments: ids of the draft's own evidence to drop (a withdrawn report keeps its files).
    """
    with files_removed_on_error() as saved, transaction.atomic():
        task = task_lock(task)
        roles = plan_permissions.task_unit_roles(by, task)
        if unit.pk not in roles:
            raise NotAllowed(errors.TASK_NOT_HELD)
        task_check_open(task, rules.Action.REPORT, "填报进展")
        role = roles[unit.pk]
        text = text.strip()
        progress_value = _progress_clean(progress, role)
        values = _targets_clean(task, target_values or {})
        period = _period(task, revise=revise, unit=unit, today=today or clock.today())

        report = (
            ProgressReport.objects.select_for_update()
            .filter(task=task, unit=unit, period=period, status__in=OPEN_REPORT_STATUSES)
            .first()
        )
        before = snapshot(report, _FIELDS) if report else None
        if report is not None and report.status != ReportStatus.DRAFT:
            raise TrackingError(
                errors.REPORT_EXISTS.format(period=period, status=ReportStatus(report.status).label)
            )
        if report is None:
            report = ProgressReport(
                organization_id=task.organization_id,
                task=task,
                unit=unit,
                period=period,
                created_by=by,
                revises=revise,
            )
        report.role = role
        report.text = text
        report.problems, report.next_steps = problems.strip(), next_steps.strip()
        report.progress = progress_value
        report.save()
        report.target_values.exclude(target__in=list(values)).delete()
        for target, value in values.items():
            TargetValue.objects.update_or_create(
                report=report,
                target=target,
                defaults={"value": value, "organization_id": task.organization_id},
            )
        attachments_store(task=task, by=by, uploads=files, saved=saved, report=report)
        removed = attachments_remove(report=report, ids=remove_attachments) if remove_attachments else []
        after = snapshot(report, _FIELDS) | {"targets": {t.metric: str(v) for t, v in values.items()}}
        audit_record(
            actor=by,
            action="report_save",
            obj=report,
            task=task,
            before=before,
            after=after | ({"attachments_removed": removed} if removed else {}),
        )
        if submit:
            _submit(task=task, report=report, by=by)
        return report


def _period(task: Task, *, revise: ProgressReport | None, unit: Unit, today: dt.date) -> dt.date:
    if revise is not None:
        revise = ProgressReport.objects.select_for_update().get(pk=revise.pk)
        if revise.task_id != task.pk or revise.unit_id != unit.pk or revise.status != ReportStatus.RETURNED:
            raise TrackingError(errors.REPORT_NOT_RETURNED)
        return revise.period
    period = rules.period_for(rules.cycle_of(task.plan), today)
    if period is None:
        raise TrackingError(errors.NO_CYCLE)
    return period


def _submit(*, task: Task, report: ProgressReport, by: User) -> None:
    # A draft keeps whatever was typed; what review needs is asked for only when it is submitted.
    if not report.text:
        raise TrackingError(errors.TEXT_REQUIRED)
    if report.role == TaskUnitRole.LEAD and report.progress is None:
        raise TrackingError(errors.PROGRESS_REQUIRED)
    before = snapshot(report, _FIELDS)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = by
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit_record(
        actor=by,
        action="report_submit",
        obj=report,
        task=task,
        before=before,
        after=snapshot(report, _FIELDS),
    )
    if report.role == TaskUnitRole.LEAD:
        task_figures_refresh(task, periods=True)
    new_state = rules.state_after(task.state, rules.Action.REPORT)
    if new_state is not None and new_state != task.state:
        _task_update(task=task, by=by, state=new_state)


def _task_update(*, task: Task, by: User, **values: object) -> None:
    names = tuple(values)
    before = snapshot(task, names)
    for name, value in values.items():
        setattr(task, name, value)
    task.save(update_fields=list(names))
    audit_record(
        actor=by, action="task_update", obj=task, task=task, before=before, after=snapshot(task, names)
    )


def _report_lock(report: ProgressReport) -> tuple[Task, ProgressReport]:
    task = task_lock(report.task)
    return task, ProgressReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_submit(*, report: ProgressReport, by: User) -> ProgressReport:
    """Submit a draft for review."""
    task, report = _report_lock(report)
    if not plan_permissions.can_report(by, task, report.unit):
        raise NotAllowed(errors.TASK_NOT_HELD)
    task_check_open(task, rules.Action.REPORT, "填报进展")
    if report.status != ReportStatus.DRAFT:
        raise TrackingError(errors.REPORT_NOT_DRAFT)
    _submit(task=task, report=report, by=by)
    return report


@transaction.atomic
def report_withdraw(*, report: ProgressReport, by: User) -> ProgressReport:
    """Take a submitted report back to draft before it is reviewed."""
    task, report = _report_lock(report)
    if not plan_permissions.can_report(by, task, report.unit):
        raise NotAllowed(errors.TASK_NOT_HELD)
    if report.status != ReportStatus.SUBMITTED:
        raise TrackingError(errors.REPORT_NOT_SUBMITTED)
    before = snapshot(report, _FIELDS)
    report.status = ReportStatus.DRAFT
    report.submitted_at = None
    report.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=by,
        action="report_withdraw",
        obj=report,
        task=task,
        before=before,
        after=snapshot(report, _FIELDS),
    )
    if report.role == TaskUnitRole.LEAD:
        task_figures_refresh(task, periods=True)
    return report


def _review(
    *, report: ProgressReport, by: User, status: str, comment: str, quality: str = ""
) -> tuple[Task, ProgressReport]:
    if quality not in ReportQuality.values and quality != "":
        raise TrackingError(errors.QUALITY_INVALID)
    task, report = _report_lock(report)
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    if report.status != ReportStatus.SUBMITTED:
        raise TrackingError(errors.REPORT_NOT_SUBMITTED)
    before = snapshot(report, _FIELDS)
    report.status = status
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.quality = quality
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "quality"])
    action = "report_approve" if status == ReportStatus.APPROVED else "report_return"
    audit_record(
        actor=by, action=action, obj=report, task=task, before=before, after=snapshot(report, _FIELDS)
    )
    verdict = "已通过" if status == ReportStatus.APPROVED else "已退回"
    decision_notify(
        task=task,
        unit_id=report.unit_id,
        title=f"【{verdict}】第 {task.no} 项任务 {report.period:%Y-%m-%d} 期进展反馈",
        body=comment or f"进展反馈{verdict}。",
    )
    return task, report


@transaction.atomic
def report_approve(
    *, report: ProgressReport, by: User, comment: str = "", quality: str = ""
) -> ProgressReport:
    """Approve (通过) a submitted report, rated 优/良/中/差 or not; lead progress becomes the task's."""
    task, report = _review(
        report=report, by=by, status=ReportStatus.APPROVED, comment=comment.strip(), quality=quality
    )
    if report.role == TaskUnitRole.LEAD and report.progress is not None and task.state != TaskState.COMPLETED:
        _task_update(task=task, by=by, progress=report.progress)
    if report.target_values.exists():
        task_figures_refresh(task, targets=True)
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    """Return (退回) a submitted report with a reason; the unit revises it as a new report."""
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    _, report = _review(report=report, by=by, status=ReportStatus.RETURNED, comment=reason.strip())
    return report
