"""推进计划: the lead unit proposes a task's nodes, the supervisor approves, returns or sets them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.lib import clock
from duban.plans import permissions as plan_permissions
from duban.plans.models import Milestone, PlanStatus, Task, TaskState, TaskUnitRole
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import MilestoneDoneForm, MilestonesForm, error_to_field, milestones_text
from duban.tracking.selectors import rollup
from duban.tracking.services import milestones as services
from duban.tracking.views.common import user_of

SENT = {
    "propose": "推进计划已提交，等待审核。",
    "set": "推进计划已设定。",
    "approve": "推进计划已批准。",
    "return": "推进计划已退回。",
}
DONE = "已报告节点完成。"


def _task(request: HttpRequest, task_id: int) -> Task:
    task = selectors.task_get_for_user(user=user_of(request), task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    return task


def _leads(request: HttpRequest, task: Task) -> bool:
    roles = plan_permissions.task_unit_roles(user_of(request), task)
    return TaskUnitRole.LEAD in roles.values()


@login_required
def task_milestones(request: HttpRequest, task_id: int) -> HttpResponse:
    """GET the 推进计划 with the form the user may use; POST proposes, sets, approves or returns it."""
    task = _task(request, task_id)
    user = user_of(request)
    supervise = permissions.can_supervise(user, task.organization_id)
    may_propose = (
        _leads(request, task)
        and task.plan.status == PlanStatus.PUBLISHED
        and task.state != TaskState.COMPLETED
    )
    if not (supervise or may_propose):
        raise Http404("页面不存在")  # to everyone else the page does not exist, as the schedule page
    current = selectors.task_milestones(task=task)
    form = MilestonesForm(
        initial={"nodes": milestones_text(current.proposed or current.returned or current.approved)}
    )
    comment_error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if (
            action not in SENT
            or (action == "propose" and not may_propose)
            or (action != "propose" and not supervise)
        ):
            raise Http404("操作不存在")
        try:
            if action in {"propose", "set"}:
                form = MilestonesForm(request.POST)
                if form.is_valid():
                    run = services.milestones_propose if action == "propose" else services.milestones_set
                    run(task=task, by=user, nodes=form.cleaned_data["nodes"])
                    return _done(request, task, SENT[action])
            elif action == "approve":
                services.milestones_approve(task=task, by=user, comment=request.POST.get("comment", ""))
                return _done(request, task, SENT[action])
            else:
                services.milestones_return(task=task, by=user, comment=request.POST.get("comment", ""))
                return _done(request, task, SENT[action])
        except TrackingError as exc:
            if action in {"propose", "set"}:
                error_to_field(form, exc.message)
            else:
                comment_error = exc.message
    status = selectors.task_status(task, today=clock.today())
    context = {
        "task": task,
        "milestones": current,
        "form": form,
        "supervise": supervise,
        "may_propose": may_propose,
        "comment_error": comment_error,
        "fixed": rollup.task_cascade(task=task).received is not None,  # a 承接任务: its parent's nodes
        "status": status,
        "missed_days": [node.due_on for node in status.missed_nodes],
    }
    return render(request, "tracking/milestones.html", context)


def _done(request: HttpRequest, task: Task, text: str) -> HttpResponse:
    messages.success(request, text)
    return HttpResponseRedirect(reverse("tracking:milestones", args=[task.pk]))


@login_required
@require_POST
def milestone_done(request: HttpRequest, task_id: int, milestone_id: int) -> HttpResponse:
    """The lead unit reports an approved node done with its evidence; a refusal comes back as a message."""
    task = _task(request, task_id)
    node = Milestone.objects.filter(task=task, pk=milestone_id).first()
    if node is None:
        raise Http404("节点不存在")
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_done(
                milestone=node,
                by=user_of(request),
                done_on=form.cleaned_data["done_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except TrackingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, DONE)
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]) + "#milestones")
