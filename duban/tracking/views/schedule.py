"""A task's deadline and milestones (节点), set by a supervisor in place of the parsed ones."""

from __future__ import annotations

import datetime as dt

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

MILESTONE_LINE_INVALID = (
    "第{line}行“{text}”格式不对：每行写一个节点，先日期后内容，如 2025-06-30 完成方案起草。"
)


class ScheduleForm(forms.Form):
    """The deadline, and one milestone per line as "date title"."""

    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则按方案的默认完成时限。",
        error_messages={"invalid": "请填写有效日期，如 2025-06-30。"},
    )
    milestones = forms.CharField(
        label="节点",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个节点，先日期后内容，如：2025-06-30 完成方案起草",
    )

    def clean_milestones(self) -> list[dict[str, str]]:
        parsed: list[dict[str, str]] = []
        for number, line in enumerate(self.cleaned_data.get("milestones", "").splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            day, _, title = text.replace("\u3000", " ").partition(" ")
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise forms.ValidationError(MILESTONE_LINE_INVALID.format(line=number, text=text)) from None
            if not title.strip():
                raise forms.ValidationError(MILESTONE_LINE_INVALID.format(line=number, text=text))
            parsed.append({"date": day, "title": title.strip()})
        return parsed


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
                cascaded_schedule_set(
                    task=task,
                    by=user,
                    deadline=form.cleaned_data["deadline"],
                    milestones=form.cleaned_data["milestones"],
                )
            except TrackingError as exc:
                form.add_error("deadline", str(exc))
            else:
                messages.success(request, "已更新完成时限与节点。")
                return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]))
    else:
        form = ScheduleForm(initial=_initial(task))
    return render(request, "tracking/schedule.html", {"task": task, "form": form})


def _initial(task: Task) -> dict[str, object]:
    lines = [f"{m['date']} {m['title']}" for m in task.milestones or []]
    return {"deadline": task.deadline, "milestones": "\n".join(lines)}
