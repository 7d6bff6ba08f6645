"""Changing a cascaded task at the parent: its text, deadline, targets and each subordinate's share; 撤回.

The change page belongs to the parent's supervisors alone; to anyone else, the subordinates included, it
does not exist (404), like the send page. A 承接任务 has no such page: it changes only at the parent.
Withdrawing a link is a POST from the link and roll-up pages: 403 to the users of either end who may not,
404 to everyone else.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.lib.numbers import number_text
from duban.plans.models import Task
from duban.tracking import errors, selectors
from duban.tracking.errors import TrackingError
from duban.tracking.selectors import rollup
from duban.tracking.services.cascade import deadline_of
from duban.tracking.services.cascade_changes import cascade_task_update, cascade_withdraw
from duban.tracking.views.cascade import ShareRow, shares_posted
from duban.tracking.views.common import go, user_of

CHANGED = "已调整第{no}项，{count} 个下级的承接任务已同步并收到通知。"
UNCHANGED = "没有修改任何内容。"
WITHDRAWN = "已撤回下达给“{name}”的第{no}项任务，已通知其督办员。"


class CascadeChangeForm(forms.Form):
    """The parent task's text and deadline; its targets are rows of inputs beside it."""

    text = forms.CharField(
        label="任务内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": errors.CASCADE_TEXT_REQUIRED},
    )
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则保持现有完成时限。",
        error_messages={"invalid": "请填写有效日期，如 2025-06-30。"},
    )


def _parent_task(request: HttpRequest, task_id: int) -> tuple[Task, rollup.CascadeShares]:
    user = user_of(request)
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    if task is None or not permissions.can_supervise(user, task.organization_id):
        raise Http404("任务不存在")
    found = rollup.cascade_shares(task=task)
    if found is None:
        raise Http404("任务不存在")
    return task, found


@login_required
def cascade_change(request: HttpRequest, task_id: int) -> HttpResponse:
    """GET the task as sent with every subordinate's current share; POST changes it and tells them."""
    user = user_of(request)
    task, found = _parent_task(request, task_id)
    posted = request.POST if request.method == "POST" else None
    form = CascadeChangeForm(posted, initial={"text": task.text, "deadline": task.deadline})
    error = ""
    if posted is not None and form.is_valid():
        organizations = [link.organization for link in found.links]
        try:
            told = cascade_task_update(
                task=task,
                by=user,
                text=form.cleaned_data["text"],
                deadline=form.cleaned_data["deadline"],
                targets={t.pk: posted[f"value-{t.pk}"] for t in found.targets if f"value-{t.pk}" in posted},
                shares=shares_posted(found.targets, organizations, posted),
            )
        except TrackingError as exc:
            error = exc.message
        else:
            if told:
                messages.success(request, CHANGED.format(no=task.no, count=told))
            else:
                messages.info(request, UNCHANGED)
            return HttpResponseRedirect(reverse("tracking:rollup", args=[task.plan_id]))
    context = {
        "task": task,
        "form": form,
        "rows": _rows(task, found, posted),
        "organizations": [link.organization for link in found.links],
        "deadline": deadline_of(task),
        "error": error,
    }
    return render(request, "tracking/cascade_change.html", context)


def _rows(task: Task, found: rollup.CascadeShares, posted: QueryDict | None) -> list[ShareRow]:
    """Each target with the parent's value and every subordinate's share: as posted, else as they stand."""
    rows = []
    for target in found.targets:
        split = any(target.position in link.split_positions for link in found.links)
        values = []
        for link in found.links:
            share = found.shares.get((target.pk, link.organization_id))
            current = number_text(share.value) if share is not None else ""
            name = f"share-{target.pk}-{link.organization_id}"
            values.append((link.organization, posted.get(name, "") if posted is not None else current))
        value = posted.get(f"value-{target.pk}", "") if posted is not None else number_text(target.value)
        rows.append(ShareRow(task=task, target=target, split=split, values=values, value=value))
    return rows


@login_required
@require_POST
def cascade_withdraw_view(request: HttpRequest, link_id: int) -> HttpResponse:
    """撤回下达 by the parent's supervisor while the subordinate has not signed for the task."""
    user = user_of(request)
    received = rollup.received_get_for_user(user=user, link_id=link_id)
    if received is None:
        raise Http404("任务不存在")
    link = received.link
    if not permissions.can_supervise(user, link.parent_organization_id):
        raise PermissionDenied
    try:
        cascade_withdraw(link=link, by=user)
    except TrackingError as exc:
        messages.error(request, exc.message)
        return go(request, reverse("tracking:cascade", args=[link_id]))
    messages.success(request, WITHDRAWN.format(name=link.organization.name, no=received.parent_task.no))
    return go(request, reverse("tracking:rollup", args=[received.parent_task.plan_id]))
