"""The task page (status, targets with their history, reports, requests, reminders, audit) and its actions.

Views only translate HTTP into one selector or service call. A form's refusal comes back beside its field:
with htmx as the form's partial, without it as the whole page with the form filled in again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.accounts.models import Unit
from duban.lib import clock
from duban.lib.files import stored_file_response
from duban.lib.numbers import ascii_int
from duban.plans import permissions as plan_permissions
from duban.plans.models import AdhocItem, PlanKind, PlanStatus, Task, TaskState, TaskUnitRole
from duban.tracking import rules, selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import CompletionForm, ExtensionForm, RemindForm, ReportForm, error_to_field
from duban.tracking.models import (
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
)
from duban.tracking.selectors import rollup
from duban.tracking.services import reminders, reports, requests
from duban.tracking.views.common import go, is_htmx
from duban.tracking.views.common import uploads_of as _uploads
from duban.tracking.views.common import user_of as _user
from duban.tracking.views.documents_context import documents_context

COMPLETION_SENT = "办结申请已提交。"
EXTENSION_SENT = "延期申请已提交。"
REMINDER_SENT = "已向 {count} 个单位发出催办。"


_OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)  # a report shown as its form, to be sent (again)


@dataclass
class ReportCard:
    """What one of the user's units may do about this cycle's report on the task.

    No report yet, a draft or a returned report: the form (a returned one pre-filled, as its revision).
    Submitted: the report, read-only, with 撤回 until it is reviewed. Approved: nothing to write until the
    next cycle opens.
    """

    unit: Unit
    role: str
    period: dt.date | None
    report: ProgressReport | None
    form: ReportForm | None
    next_period: dt.date | None = None

    @property
    def revise(self) -> ProgressReport | None:
        return self.report if self.report and self.report.status == ReportStatus.RETURNED else None


def _report_cards(
    task: Task,
    units: Mapping[int, tuple[Unit, str]],
    reports_of_task: list[ProgressReport],
    today: dt.date,
    bound: Mapping[str, forms.Form],
) -> list[ReportCard]:
    if task.plan.status != PlanStatus.PUBLISHED or rules.state_after(task.state, rules.Action.REPORT) is None:
        return []  # a completed task (or an unpublished plan) takes no reports
    cycle = rules.cycle_of(task.plan)
    period = rules.period_for(cycle, today)
    # Newest first: each unit's latest report of this cycle is the one that counts.
    latest = {
        pk: next((r for r in reports_of_task if r.unit_id == pk and r.period == period), None) for pk in units
    }
    # A form reads its report's values and evidence through their managers (the timeline holds them as lists).
    drafts = [report for report in latest.values() if report is not None and report.status in _OPEN]
    prefetch_related_objects(drafts, "target_values", "attachments")
    cards = []
    for pk, (unit, role) in units.items():
        report = latest[pk]
        card = ReportCard(unit=unit, role=role, period=period, report=report, form=None)
        status = report.status if report else None
        if period is not None and status in (None, *_OPEN):
            bound_form = bound.get(f"report-{pk}")
            card.form = (
                bound_form
                if isinstance(bound_form, ReportForm)
                else ReportForm(
                    task=task,
                    lead=role == TaskUnitRole.LEAD,
                    report=report,
                    auto_id=f"report-{task.pk}-{pk}-%s",
                )
            )
        elif period is not None and status == ReportStatus.APPROVED:
            card.next_period = rules.period_for(cycle, period + dt.timedelta(days=1))
        cards.append(card)
    return cards


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task: its status, targets, history and the forms the user may use."""
    return render(request, "tracking/task_detail.html", task_page_context(request, _task(request, task_id)))


def task_page_context(
    request: HttpRequest, task: Task, *, bound: Mapping[str, forms.Form] | None = None
) -> dict[str, object]:
    """What the task page shows; `bound` holds forms (by key, e.g. "completion-<unit pk>") to show again."""
    bound = bound or {}
    user = _user(request)
    today = clock.today()
    roles = plan_permissions.task_unit_roles(user, task)
    # Only a liaison's units hold roles: no one else's units are read.
    units = (
        {unit.pk: (unit, roles[unit.pk]) for unit in user.units.all() if unit.pk in roles} if roles else {}
    )
    timeline = selectors.task_timeline(task=task, audit_before=request.GET.get("audit", ""))
    history = selectors.target_history(timeline=timeline)
    published = task.plan.status == PlanStatus.PUBLISHED
    cards = _report_cards(task, units, timeline.reports, today, bound)
    pending = {item.unit_id for item in timeline.extensions if item.status == RequestStatus.PENDING}
    lead_units = [unit for unit, role in units.values() if role == TaskUnitRole.LEAD] if published else []
    may_complete = rules.state_after(task.state, rules.Action.REQUEST_COMPLETION) is not None
    may_extend = rules.state_after(task.state, rules.Action.REQUEST_EXTENSION) is not None
    can_supervise = permissions.can_supervise(user, task.organization_id)
    signoffs = selectors.task_signoffs(task=task, today=today)
    nodes = selectors.task_milestones(task=task)
    open_task = published and task.state != TaskState.COMPLETED
    status = selectors.task_status(task, today=today)
    return {
        "missed_days": [node.due_on for node in status.missed_nodes],
        "milestones": nodes,
        "may_plan_nodes": bool(lead_units) and open_task,
        # The lead unit reports an approved node done here, beside this cycle's report form.
        "node_forms": [m for m in nodes.approved if m.done_on is None] if lead_units and open_task else [],
        "task": task,
        # An ad-hoc item shows its number, source and 通知单 (one query, only on such a task).
        "adhoc": AdhocItem.objects.filter(task=task).first() if task.plan.kind == PlanKind.ADHOC else None,
        "today": today,
        "status": status,
        "targets": [(t, history.get(t.target.pk, [])) for t in selectors.target_states([task])[task.pk]],
        "timeline": timeline,
        "reminders": [(r, signoffs.by_reminder.get(r.pk)) for r in selectors.task_reminders(task=task)],
        "my_units": [unit for unit, _ in units.values()],
        "report_cards": cards,
        "current_reports": {card.report.pk for card in cards if card.report is not None},
        "completion_forms": [
            (unit, bound.get(f"completion-{unit.pk}") or CompletionForm(auto_id=f"completion-{unit.pk}-%s"))
            for unit in lead_units
            if may_complete
        ],
        "extension_forms": [
            (unit, bound.get(f"extension-{unit.pk}") or ExtensionForm(auto_id=f"extension-{unit.pk}-%s"))
            for unit in lead_units
            if may_extend and unit.pk not in pending
        ],
        "extension_pending": bool(pending & {unit.pk for unit in lead_units}),
        "can_supervise": can_supervise,
        "cascade": rollup.task_cascade(task=task),
        "signoffs": signoffs,
        "my_unsigned": [
            line
            for line in (*signoffs.assignment, *signoffs.by_reminder.values())
            if line.signoff.signed_at is None and line.signoff.unit_id in units
        ],
        "remind_form": (bound.get("remind") or RemindForm(task=task, auto_id="remind-%s"))
        if can_supervise and published and task.state != "completed"
        else None,
        **documents_context(
            task=task, lead=TaskUnitRole.LEAD in roles.values(), supervise=can_supervise, bound=bound
        ),
    }


def _task(request: HttpRequest, task_id: int) -> Task:
    task = selectors.task_get_for_user(user=_user(request), task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    return task


task_of = _task  # the documents' actions (views/documents.py) look the task up the same way


def _unit(request: HttpRequest, task: Task) -> Unit:
    unit_id = request.POST.get("unit", "")
    unit = Unit.objects.filter(organization_id=task.organization_id, pk=ascii_int(unit_id) or 0)
    found = unit.first()
    if found is None:
        raise Http404("单位不存在")
    return found


def _report_of(task: Task, request: HttpRequest, name: str = "report") -> ProgressReport:
    value = request.POST.get(name, "")
    report = ProgressReport.objects.filter(task=task, pk=ascii_int(value) or 0).first()
    if report is None:
        raise Http404("进展反馈不存在")
    return report


def _request_of(
    model: type[CompletionRequest] | type[ExtensionRequest], task: Task, request: HttpRequest
) -> int:
    value = request.POST.get("request", "")
    found = model.objects.filter(task=task, pk=ascii_int(value) or 0).first()
    if found is None:
        raise Http404("申请不存在")
    return found.pk


def _form_answer(
    request: HttpRequest,
    task: Task,
    *,
    key: str,
    form: forms.Form,
    partial: str,
    run: Callable[[], str],
    context: Mapping[str, object] | None = None,
) -> HttpResponse:
    """Run the service when the form is valid; its refusal, like the form's own, goes beside the field."""
    if form.is_valid():
        try:
            messages.success(request, run())
        except TrackingError as exc:
            error_to_field(form, exc.message)
        else:
            return go(request, reverse("tracking:task", args=[task.pk]))
    if is_htmx(request):
        return render(request, partial, {"task": task, "form": form, **(context or {})})
    return render(request, "tracking/task_detail.html", task_page_context(request, task, bound={key: form}))


def _completion(request: HttpRequest, task: Task) -> HttpResponse:
    unit = _unit(request, task)
    form = CompletionForm(request.POST, request.FILES, auto_id=f"completion-{unit.pk}-%s")

    def run() -> str:
        requests.completion_request(
            task=task,
            unit=unit,
            by=_user(request),
            reason=form.cleaned_data["reason"],
            files=_uploads(request),
        )
        return COMPLETION_SENT

    return _form_answer(
        request,
        task,
        key=f"completion-{unit.pk}",
        form=form,
        partial="tracking/_completion_form.html",
        run=run,
        context={"unit": unit},
    )


def _extension(request: HttpRequest, task: Task) -> HttpResponse:
    unit = _unit(request, task)
    form = ExtensionForm(request.POST, auto_id=f"extension-{unit.pk}-%s")

    def run() -> str:
        requests.extension_request(
            task=task,
            unit=unit,
            by=_user(request),
            new_deadline=form.cleaned_data["new_deadline"],
            reason=form.cleaned_data["reason"],
        )
        return EXTENSION_SENT

    return _form_answer(
        request,
        task,
        key=f"extension-{unit.pk}",
        form=form,
        partial="tracking/_extension_form.html",
        run=run,
        context={"unit": unit},
    )


def _remind(request: HttpRequest, task: Task) -> HttpResponse:
    form = RemindForm(request.POST, task=task, auto_id="remind-%s")

    def run() -> str:
        units = Unit.objects.filter(organization_id=task.organization_id, pk__in=form.unit_ids())
        result = reminders.reminder_send(
            task=task,
            by=_user(request),
            message=form.cleaned_data["message"],
            roles=form.roles(),
            units=list(units),
            reply_by=form.cleaned_data["reply_by"],
            today=clock.today(),
        )
        return REMINDER_SENT.format(count=len(result.reminders))

    return _form_answer(request, task, key="remind", form=form, partial="tracking/_remind_form.html", run=run)


def _decide(request: HttpRequest, task: Task) -> str:
    user, data = _user(request), request.POST
    verdict, comment = data.get("verdict"), data.get("comment", "")
    kind = data.get("kind")
    if kind == "report":
        report = _report_of(task, request)
        if verdict == "approve":
            reports.report_approve(report=report, by=user, comment=comment, quality=data.get("quality", ""))
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


# Forms answer with their errors beside the fields; buttons (decide, submit, withdraw) with a message.
FORMS: dict[str, Callable[[HttpRequest, Task], HttpResponse]] = {
    "completion": _completion,
    "extension": _extension,
    "remind": _remind,
}
BUTTONS: dict[str, Callable[[HttpRequest, Task], str]] = {
    "report_step": _report_step,
    "decide": _decide,
}


@login_required
@require_POST
def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    """Run one action on a task and come back to its page with the outcome."""
    form_handler, button_handler = FORMS.get(action), BUTTONS.get(action)
    if form_handler is None and button_handler is None:
        raise Http404("操作不存在")
    task = _task(request, task_id)
    if form_handler is not None:
        return form_handler(request, task)
    assert button_handler is not None
    try:
        messages.success(request, button_handler(request, task))
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
    return stored_file_response(attachment.file, filename=attachment.name, missing="附件不存在")
