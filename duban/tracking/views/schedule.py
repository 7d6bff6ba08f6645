"""A task's deadline, set by a supervisor in place of the parsed one (its nodes: views.milestones)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from duban.accounts import permissions
from duban.plans.models import Task
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.services.cascade_changes import cascaded_schedule_set
from duban.tracking.views.common import user_of


class ScheduleForm(forms.Form):
    """The deadline in force of the task."""

    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则按方案的默认完成时限。",
        error_messages={"invalid": "请填写有效日期，如 2025-06-30。"},
    )


@login_required
def task_schedule(request: HttpRequest, task_id: int) -> HttpResponse:
    """GET the form with the task's current schedule; POST sets it through task_schedule_set."""
    user = user_of(request)
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    if task is None or not permissions.can_supervise(user, task.organization_id):
        raise Http404("任务不存在")
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                cascaded_schedule_set(task=task, by=user, deadline=form.cleaned_data["deadline"])
            except TrackingError as exc:
                form.add_error("deadline", str(exc))
            else:
                messages.success(request, "已更新完成时限。")
                return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]))
    else:
        form = ScheduleForm(initial=_initial(task))
    return render(request, "tracking/schedule.html", {"task": task, "form": form})


def _initial(task: Task) -> dict[str, object]:
    return {"deadline": task.deadline}
