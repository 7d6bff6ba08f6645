"""推进计划: a task's nodes, proposed by the lead unit, decided or set by a supervisor; nodes done."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from duban.api.common import Id, caller, visible_or_404
from duban.api.routers.reports import task_of
from duban.api.schemas.common import ERRORS
from duban.api.schemas.milestones import MilestoneDoneIn, MilestoneOut, MilestonesDecideIn, MilestonesIn
from duban.plans.models import Milestone
from duban.tracking.services import milestones as services

router = Router(tags=["推进计划"])


def _of_task(task_id: int) -> QuerySet[Milestone]:
    return Milestone.objects.filter(task_id=task_id).order_by("state", "position", "pk")


def _nodes(payload: MilestonesIn) -> list[services.NodeInput]:
    return [services.NodeInput(due_on=n.due_on, title=n.title, percent=n.percent) for n in payload.nodes]


@router.get(
    "/tasks/{task_id}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="milestones_list",
    summary="任务的推进节点",
    description="一项任务的全部推进节点：已批准（决定序时进度与亮灯）、待审核、已退回。",
)
def milestones_list(request: HttpRequest, task_id: Id) -> QuerySet[Milestone]:
    """Every node of a task: approved, proposed and returned."""
    return _of_task(task_of(request, task_id).pk)


@router.post(
    "/tasks/{task_id}/milestones/propose",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="milestones_propose",
    summary="提出推进计划",
    description="牵头单位提出（或修改）任务的推进计划，替换未批准的提议，待督办员审核；已批准的节点审核前继续有效。",
)
def milestones_propose(request: HttpRequest, task_id: Id, payload: MilestonesIn) -> QuerySet[Milestone]:
    """The lead unit proposes the task's nodes for review."""
    task = task_of(request, task_id)
    services.milestones_propose(task=task, by=caller(request), nodes=_nodes(payload))
    return _of_task(task.pk)


@router.post(
    "/tasks/{task_id}/milestones/set",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="milestones_set",
    summary="设定推进计划",
    description="督办员直接设定推进计划，即时生效，待审核的提议作废。节点列表为空时清除推进计划。",
)
def milestones_set(request: HttpRequest, task_id: Id, payload: MilestonesIn) -> QuerySet[Milestone]:
    """A supervisor sets the task's nodes directly (approved at once)."""
    task = task_of(request, task_id)
    services.milestones_set(task=task, by=caller(request), nodes=_nodes(payload))
    return _of_task(task.pk)


@router.post(
    "/tasks/{task_id}/milestones/decide",
    response={200: list[MilestoneOut], **ERRORS},
    operation_id="milestones_decide",
    summary="审核推进计划",
    description="批准待审核的推进计划（替换已批准的节点）或退回（须写意见）。仅督办员。",
)
def milestones_decide(request: HttpRequest, task_id: Id, payload: MilestonesDecideIn) -> QuerySet[Milestone]:
    """Approve the proposed nodes or return them with a comment (supervisors)."""
    task = task_of(request, task_id)
    if payload.verdict == "approve":
        services.milestones_approve(task=task, by=caller(request), comment=payload.comment)
    else:
        services.milestones_return(task=task, by=caller(request), comment=payload.comment)
    return _of_task(task.pk)


@router.post(
    "/milestones/{milestone_id}/done",
    response={200: MilestoneOut, **ERRORS},
    operation_id="milestone_done",
    summary="报告节点完成",
    description="牵头单位报告一个已批准的节点已完成，须附完成佐证；完成日期省略为今天。",
)
def milestone_done(request: HttpRequest, milestone_id: Id, payload: MilestoneDoneIn) -> Milestone:
    """The lead unit reports an approved node done with its evidence."""
    node = visible_or_404(
        Milestone.objects.select_related("task"), user=caller(request), pk=milestone_id, missing="节点不存在"
    )
    return services.milestone_done(
        milestone=node, by=caller(request), done_on=payload.done_on, evidence=payload.evidence
    )
