"""The report form in place (my tasks, the task page): drafts saved as one types, errors beside the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from duban.accounts.models import Unit
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans import permissions as plan_permissions
from duban.plans.models import Task, TaskUnitRole
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import ReportForm, error_to_field
from duban.tracking.models import ProgressReport, ReportStatus
from duban.tracking.services import milestones, reports
from duban.tracking.views.common import go, is_htmx, next_url, uploads_of, user_of
from duban.tracking.views.tasks import task_page_context

SUBMITTED = "进展反馈已提交，等待审核。"
DRAFT_SAVED = "草稿已保存（{time}）"
DRAFT_NOT_SAVED = "草稿未保存：{reason}"


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, task_id: int, unit_id: int) -> HttpResponse:
    """Save the unit's report as a draft (`autosave`: htmx, as one types) or submit it (or its revision)."""
    user = user_of(request)
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    unit = Unit.objects.filter(pk=unit_id, organization_id=task.organization_id).first() if task else None
    if task is None or unit is None:
        raise Http404("任务不存在")
    role = plan_permissions.task_unit_roles(user, task).get(unit.pk)
    if role is None:
        raise Http404("任务不存在")
    if request.method == "GET":
        return _form_opened(request, task=task, unit=unit, lead=role == TaskUnitRole.LEAD)
    revise_id = request.POST.get("revise", "")
    revise = (
        ProgressReport.objects.filter(
            task=task, unit=unit, pk=ascii_int(revise_id) or 0, status=ReportStatus.RETURNED
        ).first()
        if ascii_int(revise_id) is not None
        else None
    )
    autosave = request.POST.get("autosave") == "1"
    form = ReportForm(
        request.POST,
        task=task,
        lead=role == TaskUnitRole.LEAD,
        draft=autosave,
        auto_id=f"report-{task.pk}-{unit.pk}-%s",
    )
    if autosave and revise is not None:
        return HttpResponse("")  # a revision is only sent as a whole; returned reports keep their text
    if form.is_valid():
        try:
            # The report and the nodes it marks done stand or fall together.
            with transaction.atomic():
                _save(request, form, task=task, unit=unit, revise=revise, autosave=autosave)
        except TrackingError as exc:
            error_to_field(form, exc.message)
    if autosave:
        reason = next(iter(e for errors in form.errors.values() for e in errors), "")
        now = clock.datetime_text(timezone.now())
        text = DRAFT_NOT_SAVED.format(reason=reason) if reason else DRAFT_SAVED.format(time=now)
        return render(request, "tracking/_draft_status.html", {"text": text, "failed": bool(reason)})
    if not form.errors:
        messages.success(request, SUBMITTED)
        return go(request, next_url(request, reverse("tracking:task", args=[task.pk])))
    if is_htmx(request):
        context = {"task": task, "unit": unit, "role": role, "form": form, "revise": revise}
        context["next"] = next_url(request, reverse("tracking:task", args=[task.pk]))
        return render(request, "tracking/_report_form.html", context)
    return render(
        request,
        "tracking/task_detail.html",
        task_page_context(request, task, bound={f"report-{unit.pk}": form}),
    )


def _form_opened(request: HttpRequest, *, task: Task, unit: Unit, lead: bool) -> HttpResponse:
    """The form as my tasks opens it (htmx): drawn only for the card opened, not for every card."""
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]))
    open_report = (
        ProgressReport.objects.filter(
            task=task, unit=unit, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
        )
        .order_by("-period", "-pk")
        .first()
    )
    draft = open_report if open_report is not None and open_report.status == ReportStatus.DRAFT else None
    revise = open_report if open_report is not None and open_report.status == ReportStatus.RETURNED else None
    form = ReportForm(task=task, lead=lead, report=draft or revise, auto_id=f"report-{task.pk}-{unit.pk}-%s")
    context = {
        "task": task,
        "unit": unit,
        "form": form,
        "revise": revise,
        "next": next_url(request, reverse("tracking:task", args=[task.pk])),
    }
    return render(request, "tracking/_report_form.html", context)


def _ids(values: list[str]) -> list[int]:
    return [key for key in (ascii_int(value) for value in values) if key is not None]


def _save(
    request: HttpRequest,
    form: ReportForm,
    *,
    task: Task,
    unit: Unit,
    revise: ProgressReport | None,
    autosave: bool,
) -> None:
    """Save or submit the report, then report done the nodes it ticks (a lead unit's, on submit)."""
    reports.report_save(
        task=task,
        unit=unit,
        by=user_of(request),
        text=form.cleaned_data["text"],
        problems=form.cleaned_data["problems"],
        next_steps=form.cleaned_data["next_steps"],
        progress=form.cleaned_data.get("progress"),
        target_values=form.target_values(),
        files=[] if autosave else uploads_of(request),
        submit=not autosave,
        revise=revise,
        today=clock.today(),
        remove_attachments=[] if autosave else _ids(request.POST.getlist("remove_attachment")),
    )
    done = form.ticked_nodes()
    if done:
        milestones.milestones_done_on(
            task=task, by=user_of(request), due_dates=done, evidence=form.cleaned_data["node_evidence"]
        )
