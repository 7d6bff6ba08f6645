"""Applications of the lead unit: 办结 (completion, with evidence) and 延期 (extension), and their review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Unit, User
from duban.lib import clock
from duban.plans import permissions as plan_permissions
from duban.plans.models import CascadeLink, PlanKind, Task, TaskState
from duban.tracking import errors, rules
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import CompletionRequest, ExtensionRequest, RequestStatus
from duban.tracking.services.attachments import Upload, attachments_store, files_removed_on_error
from duban.tracking.services.audit import audit_record, snapshot
from duban.tracking.services.cascade_changes import cascade_sync
from duban.tracking.services.documents import documents_pending_check
from duban.tracking.services.figures import task_figures_refresh
from duban.tracking.services.notifications import decision_notify
from duban.tracking.services.reports import _task_update, task_check_open, task_lock

_FIELDS = ("status", "reason", "decided_by", "decision_comment")


def _applicant_check(*, task: Task, unit: Unit, by: User, action: rules.Action, verb: str) -> None:
    roles = plan_permissions.task_unit_roles(by, task)
    if unit.pk not in roles:
        raise NotAllowed(errors.TASK_NOT_HELD)
    if not plan_permissions.can_apply(by, task, unit):
        raise NotAllowed(errors.LEAD_ONLY)
    task_check_open(task, action, verb)


def _deadline(task: Task) -> dt.date:
    plan = task.plan
    return rules.task_deadline(
        deadline=task.deadline,
        extended=task.extended_deadline,
        default=plan.default_deadline,
        year=rules.plan_year(plan),
    )


@transaction.atomic
def completion_request(
    *, task: Task, unit: Unit, by: User, reason: str, files: Sequence[Upload] = ()
) -> CompletionRequest:
    """The lead unit applies for 办结 with a statement and evidence."""
    with files_removed_on_error() as saved:
        task = task_lock(task)
        _applicant_check(task=task, unit=unit, by=by, action=rules.Action.REQUEST_COMPLETION, verb="申请办结")
        if not reason.strip():
            raise TrackingError(errors.REASON_REQUIRED)
        if task.plan.kind == PlanKind.ADHOC and not files:
            # An ad-hoc item is closed on its 办结报告: the request carries it as a file.
            raise TrackingError(errors.ITEM_REPORT_REQUIRED)
        documents_pending_check(task)
        request = CompletionRequest.objects.create(
            organization_id=task.organization_id, task=task, unit=unit, reason=reason.strip(), requested_by=by
        )
        attachments_store(task=task, by=by, uploads=files, saved=saved, completion=request)
        audit_record(
            actor=by, action="completion_request", obj=request, task=task, after=snapshot(request, _FIELDS)
        )
        _task_update(task=task, by=by, state=TaskState.COMPLETION_REQUESTED)
        task_figures_refresh(task, completion=True)
        return request


def _decide(
    model: type[CompletionRequest] | type[ExtensionRequest], *, pk: int, by: User, status: str, comment: str
) -> tuple[Task, CompletionRequest | ExtensionRequest]:
    request = model.objects.select_related("task").get(pk=pk)
    task = task_lock(request.task)
    request = model.objects.select_for_update().get(pk=pk)
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    if request.status != RequestStatus.PENDING:
        raise TrackingError(errors.REQUEST_NOT_PENDING)
    before = snapshot(request, _FIELDS)
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_comment = comment
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    action = f"{model._meta.model_name}_{'approve' if status == RequestStatus.APPROVED else 'refuse'}"
    # The date decided on is kept with the decision, so the trail reads “同意延期至 …” on its own.
    names = (*_FIELDS, "new_deadline") if model is ExtensionRequest else _FIELDS
    audit_record(
        actor=by, action=action, obj=request, task=task, before=before, after=snapshot(request, names)
    )
    if model is CompletionRequest:
        task_figures_refresh(task, completion=True)
    what = "办结申请" if model is CompletionRequest else "延期申请"
    verdict = "已同意" if status == RequestStatus.APPROVED else "未同意"
    decision_notify(
        task=task,
        unit_id=request.unit_id,
        title=f"【{what}{verdict}】第 {task.no} 项任务",
        body=comment or f"{what}{verdict}。",
    )
    return task, request


@transaction.atomic
def completion_approve(
    *, request: CompletionRequest, by: User, comment: str = "", today: dt.date | None = None
) -> CompletionRequest:
    """Approve 办结: the task is completed today at 100 %."""
    task, decided = _decide(
        CompletionRequest, pk=request.pk, by=by, status=RequestStatus.APPROVED, comment=comment
    )
    _task_update(
        task=task, by=by, state=TaskState.COMPLETED, progress=100, completed_on=today or clock.today()
    )
    assert isinstance(decided, CompletionRequest)
    return decided


@transaction.atomic
def completion_return(*, request: CompletionRequest, by: User, reason: str) -> CompletionRequest:
    """Return an application for 办结: the task goes back to 推进中."""
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    task, decided = _decide(
        CompletionRequest, pk=request.pk, by=by, status=RequestStatus.REFUSED, comment=reason.strip()
    )
    _task_update(task=task, by=by, state=TaskState.IN_PROGRESS)
    assert isinstance(decided, CompletionRequest)
    return decided


@transaction.atomic
def extension_request(
    *, task: Task, unit: Unit, by: User, new_deadline: dt.date, reason: str
) -> ExtensionRequest:
    """The lead unit requests 延期 to a later date, with a reason."""
    task = task_lock(task)
    _applicant_check(task=task, unit=unit, by=by, action=rules.Action.REQUEST_EXTENSION, verb="申请延期")
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    if CascadeLink.objects.filter(child_task=task).exists():
        # The parent set the deadline of a 承接任务; an extension is asked of the parent, not granted here.
        raise TrackingError(errors.CASCADED_TASK_FIXED)
    current = _deadline(task)
    if new_deadline <= current:
        raise TrackingError(errors.EXTENSION_NOT_LATER.format(deadline=current))
    if ExtensionRequest.objects.filter(task=task, status=RequestStatus.PENDING).exists():
        raise TrackingError(errors.REQUEST_PENDING.format(kind="延期"))
    request = ExtensionRequest.objects.create(
        organization_id=task.organization_id,
        task=task,
        unit=unit,
        reason=reason.strip(),
        requested_by=by,
        new_deadline=new_deadline,
        old_deadline=current,
    )
    audit_record(
        actor=by,
        action="extension_request",
        obj=request,
        task=task,
        after=snapshot(request, (*_FIELDS, "new_deadline", "old_deadline")),
    )
    return request


@transaction.atomic
def extension_approve(*, request: ExtensionRequest, by: User, comment: str = "") -> ExtensionRequest:
    """Approve 延期: the task keeps its original deadline and runs to the new one (已延期)."""
    task, decided = _decide(
        ExtensionRequest, pk=request.pk, by=by, status=RequestStatus.APPROVED, comment=comment
    )
    assert isinstance(decided, ExtensionRequest)
    if task.state == TaskState.COMPLETED:
        raise TrackingError(errors.TASK_COMPLETED)
    _task_update(task=task, by=by, extended_deadline=decided.new_deadline)
    cascade_sync(task=task, by=by)  # the new deadline reaches the subordinates' 承接任务 with a notice
    return decided


@transaction.atomic
def extension_refuse(*, request: ExtensionRequest, by: User, reason: str) -> ExtensionRequest:
    """Refuse 延期 with a reason; the deadline stays."""
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    _, decided = _decide(
        ExtensionRequest, pk=request.pk, by=by, status=RequestStatus.REFUSED, comment=reason.strip()
    )
    assert isinstance(decided, ExtensionRequest)
    return decided
