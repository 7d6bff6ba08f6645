"""The task page (status, targets with their history, reports, requests, reminders, audit) and its actions.

Views only translate HTTP into one selector or service call; a refused action comes back as a message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.accounts.models import Unit
from duban.lib import clock
from duban.plans.models import Task, TaskUnitRole
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import ReportForm
from duban.tracking.models import Attachment, CompletionRequest, ExtensionRequest, ProgressReport
from duban.tracking.services import reminders, reports, requests
from duban.tracking.views.common import date_of as _date
from duban.tracking.views.common import uploads_of as _uploads
from duban.tracking.views.common import user_of as _user


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task: its status, targets, history and the forms the user may use."""
    user = _user(request)
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    return render(request, "tracking/task_detail.html", task_page_context(request, task))


def task_page_context(
    request: HttpRequest, task: Task, *, bound: tuple[int, ReportForm] | None = None
) -> dict[str, object]:
    """What the task page shows; `bound` is a report form (by unit pk) to show again with its errors."""
    user = _user(request)
    today = clock.today()
    roles = permissions.task_unit_roles(user, task)
    units = {unit.pk: unit for unit in user.units.all() if unit.pk in roles}
    history = selectors.target_history(task=task)
    forms = [
        (
            units[pk],
            role,
            bound[1] if bound and bound[0] == pk else ReportForm(task=task, lead=role == "lead"),
        )
        for pk, role in roles.items()
        if pk in units
    ]
    return {
        "task": task,
        "today": today,
        "status": selectors.task_status(task, today=today),
        "targets": [(t, history.get(t.target.pk, [])) for t in selectors.target_states([task])[task.pk]],
        "timeline": selectors.task_timeline(task=task),
        "reminders": selectors.task_reminders(task=task),
        "my_units": [(unit, role) for unit, role, _ in forms],
        "report_forms": forms,
        "lead_units": [units[pk] for pk, role in roles.items() if role == TaskUnitRole.LEAD and pk in units],
        "can_supervise": permissions.can_supervise(user, task.organization_id),
    }


def _task_for_action(request: HttpRequest, task_id: int) -> Task:
    task = selectors.task_get_for_user(user=_user(request), task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    return task


def _unit(request: HttpRequest, task: Task) -> Unit:
    unit_id = request.POST.get("unit", "")
    unit = Unit.objects.filter(
        organization_id=task.organization_id, pk=int(unit_id) if unit_id.isdigit() else 0
    )
    found = unit.first()
    if found is None:
        raise Http404("单位不存在")
    return found


def _report_of(task: Task, request: HttpRequest, name: str = "report") -> ProgressReport:
    value = request.POST.get(name, "")
    report = ProgressReport.objects.filter(task=task, pk=int(value) if value.isdigit() else 0).first()
    if report is None:
        raise Http404("进展反馈不存在")
    return report


def _request_of(
    model: type[CompletionRequest] | type[ExtensionRequest], task: Task, request: HttpRequest
) -> int:
    value = request.POST.get("request", "")
    found = model.objects.filter(task=task, pk=int(value) if value.isdigit() else 0).first()
    if found is None:
        raise Http404("申请不存在")
    return found.pk


def _report_save(request: HttpRequest, task: Task) -> str:
    data = request.POST
    targets: dict[int, str | None] = {
        int(key.removeprefix("target_")): data.get(key)
        for key in data
        if key.startswith("target_") and key.removeprefix("target_").isdigit()
    }
    revise = _report_of(task, request, "revise") if data.get("revise") else None
    submit = data.get("submit") == "1"
    reports.report_save(
        task=task,
        unit=_unit(request, task),
        by=_user(request),
        text=data.get("text", ""),
        progress=data.get("progress") or None,
        target_values=targets,
        files=_uploads(request),
        submit=submit,
        revise=revise,
        today=clock.today(),
    )
    return "进展反馈已提交，等待审核。" if submit else "已保存为草稿。"


def _completion(request: HttpRequest, task: Task) -> str:
    requests.completion_request(
        task=task,
        unit=_unit(request, task),
        by=_user(request),
        reason=request.POST.get("reason", ""),
        files=_uploads(request),
    )
    return "办结申请已提交。"


def _extension(request: HttpRequest, task: Task) -> str:
    new_deadline = _date(request.POST.get("new_deadline"))
    if new_deadline is None:
        raise TrackingError("请填写申请延期至的日期。")
    requests.extension_request(
        task=task,
        unit=_unit(request, task),
        by=_user(request),
        new_deadline=new_deadline,
        reason=request.POST.get("reason", ""),
    )
    return "延期申请已提交。"


def _decide(request: HttpRequest, task: Task) -> str:
    user, data = _user(request), request.POST
    verdict, comment = data.get("verdict"), data.get("comment", "")
    kind = data.get("kind")
    if kind == "report":
        report = _report_of(task, request)
        if verdict == "approve":
            reports.report_approve(report=report, by=user, comment=comment)
            return "已通过。"
        reports.report_return(report=report, by=user, reason=comment)
        return "已退回。"
    if kind == "completion":
        completion = CompletionRequest.objects.get(pk=_request_of(CompletionRequest, task, request))
        if verdict == "approve":
            requests.completion_approve(request=completion, by=user, comment=comment, today=clock.today())
            return "已同意办结。"
        requests.completion_return(request=completion, by=user, reason=comment)
        return "已退回办结申请。"
    extension = ExtensionRequest.objects.get(pk=_request_of(ExtensionRequest, task, request))
    if verdict == "approve":
        requests.extension_approve(request=extension, by=user, comment=comment)
        return "已同意延期。"
    requests.extension_refuse(request=extension, by=user, reason=comment)
    return "已不同意延期。"


def _report_step(request: HttpRequest, task: Task) -> str:
    report = _report_of(task, request)
    if request.POST.get("step") == "withdraw":
        reports.report_withdraw(report=report, by=_user(request))
        return "已撤回，可修改后重新提交。"
    reports.report_submit(report=report, by=_user(request))
    return "进展反馈已提交，等待审核。"


def _remind(request: HttpRequest, task: Task) -> str:
    result = reminders.reminder_send(task=task, by=_user(request), message=request.POST.get("message", ""))
    return f"已向 {len(result.reminders)} 个单位发出催办。"


ACTIONS: dict[str, Callable[[HttpRequest, Task], str]] = {
    "report": _report_save,
    "report_step": _report_step,
    "completion": _completion,
    "extension": _extension,
    "decide": _decide,
    "remind": _remind,
}


@login_required
@require_POST
def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    """Run one action on a task and come back to its page with the outcome."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("操作不存在")
    task = _task_for_action(request, task_id)
    try:
        messages.success(request, handler(request, task))
    except TrackingError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]))


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """An evidence file, for users of its organisation only."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None or not permissions.can_view_organization(
        _user(request), attachment.organization_id
    ):
        raise Http404("附件不存在")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
