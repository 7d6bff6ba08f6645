"""分解下达 (cascade): send tasks to subordinate organisations, sign for them, staff them, roll them up.

The parent's supervisors send and change; the subordinate's supervisors sign for (签收) and staff a 承接任务.
A link is read by both ends only: to a sibling organisation it does not exist (404), like any other
organisation's object.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from duban.accounts.models import Organization, Unit
from duban.api.common import Id, caller
from duban.api.routers.reports import task_of
from duban.api.schemas.cascades import (
    CascadeIn,
    CascadeOut,
    CascadeTaskUpdateIn,
    OrganizationRef,
    PlanRollupOut,
    ShareIn,
    UnitsAssignIn,
)
from duban.api.schemas.common import ERRORS
from duban.lib import clock
from duban.lib.errors import DomainError, NotAllowed
from duban.plans import permissions as plan_permissions
from duban.plans import selectors as plan_selectors
from duban.plans.models import CascadeLink, Task
from duban.tracking import errors
from duban.tracking.selectors import rollup
from duban.tracking.services.cascade import cascade_accept, cascade_units_assign, tasks_cascade
from duban.tracking.services.cascade_changes import cascade_task_update, cascade_withdraw

router = Router(tags=["分解下达"])


def _shares(items: list[ShareIn]) -> dict[tuple[int, int], object]:
    return {(item.target_id, item.organization_id): item.value for item in items}


def _link_out(received: rollup.Received) -> dict[str, Any]:
    link = received.link
    return {
        "id": link.pk,
        "organization": link.organization,
        "parent_organization": received.parent_organization,
        "parent_task_id": link.parent_task_id,
        "parent_task_no": received.parent_task.no,
        "parent_task_text": received.parent_task.text,
        "child_task_id": link.child_task_id,
        "deadline": link.child_task.deadline,
        "split_positions": link.split_positions,
        "created_at": link.created_at,
        "accepted_at": link.accepted_at,
        "accepted_by": link.accepted_by_id,
        "targets": [
            {
                "metric": parent.metric,
                "unit": parent.unit,
                "parent_value": parent.value,
                "value": mine.value if mine else None,
                "reached": mine.latest_value if mine else None,
            }
            for parent, mine in received.target_pairs
        ],
    }


def _received(request: HttpRequest, link_id: int) -> rollup.Received:
    found = rollup.received_get_for_user(user=caller(request), link_id=link_id)
    if found is None:
        raise Http404("分解下达记录不存在")
    return found


def _links_out(request: HttpRequest, link_ids: list[int]) -> list[dict[str, Any]]:
    """Many links as `_link_out` writes each, read in two queries whatever their number."""
    return [_link_out(r) for r in rollup.received_for_user(user=caller(request), link_ids=link_ids)]


@router.get(
    "/subordinates",
    response={200: list[OrganizationRef], **ERRORS},
    operation_id="subordinates_list",
    summary="下级组织",
    description="本组织的直接下级组织（如各县（市、区）教育局），按名称排序。",
)
def subordinates_list(request: HttpRequest) -> list[Organization]:
    """The caller's organisation's direct subordinates."""
    organization_id = caller(request).organization_id
    if organization_id is None:
        return []
    return list(Organization.objects.children_of(organization_id))


@router.post(
    "",
    response={201: list[CascadeOut], **ERRORS},
    operation_id="cascade_send",
    summary="分解下达任务",
    description="把本组织已发布方案中的任务（或整个板块）下达给下级组织，附各下级承担的指标值；"
    "split_target_ids 中的指标各下级之和须等于上级目标。仅督办员。",
)
def cascade_send(request: HttpRequest, payload: CascadeIn) -> Status[list[dict[str, Any]]]:
    """Send tasks down to subordinates (supervisors of the parent)."""
    user = caller(request)
    tasks = list(
        Task.objects.filter(organization_id=user.organization_id or -1, pk__in=payload.task_ids).order_by(
            "plan_id", "position"
        )
    )
    if len(tasks) != len(set(payload.task_ids)):
        raise Http404("任务不存在")
    if payload.section_id is not None:
        section_tasks = Task.objects.filter(
            organization_id=user.organization_id or -1, section_id=payload.section_id
        )
        tasks += [t for t in section_tasks.order_by("position") if t.pk not in payload.task_ids]
    children = {o.pk: o for o in Organization.objects.children_of(user.organization_id or -1)}
    for org_id in payload.organization_ids:
        if org_id not in children:
            raise DomainError(errors.CASCADE_ORGANIZATION_UNKNOWN.format(id=org_id))
    links = tasks_cascade(
        tasks=tasks,
        organizations=[children[pk] for pk in dict.fromkeys(payload.organization_ids)],
        by=user,
        shares=_shares(payload.shares),
        split=payload.split_target_ids,
    )
    return Status(201, _links_out(request, [link.pk for link in links]))


@router.get(
    "/{link_id}",
    response={200: CascadeOut, **ERRORS},
    operation_id="cascade_get",
    summary="分解下达记录",
    description="上级任务（只读）、本级承接任务、各指标的上级目标与本级承担值、签收情况。上下级可见，同级组织不可见。",
)
def cascade_get(request: HttpRequest, link_id: Id) -> dict[str, Any]:
    """One cascade link as either end sees it."""
    return _link_out(_received(request, link_id))


@router.post(
    "/{link_id}/accept",
    response={200: CascadeOut, **ERRORS},
    operation_id="cascade_accept",
    summary="签收下达任务",
    description="下级督办员签收上级下达的任务，记录签收人和时间。",
)
def cascade_accept_endpoint(request: HttpRequest, link_id: Id) -> dict[str, Any]:
    """签收 by the subordinate's supervisor."""
    received = _received(request, link_id)
    cascade_accept(link=received.link, by=caller(request))
    return _link_out(_received(request, link_id))


@router.post(
    "/{link_id}/units",
    response={200: CascadeOut, **ERRORS},
    operation_id="cascade_units_assign",
    summary="分配承接任务的责任单位",
    description="下级督办员为承接任务指定本级牵头单位和责任单位（替换原有分配）。",
)
def cascade_units_endpoint(request: HttpRequest, link_id: Id, payload: UnitsAssignIn) -> dict[str, Any]:
    """The subordinate's supervisor staffs the 承接任务 with its own units."""
    received = _received(request, link_id)
    if not plan_permissions.can_accept_cascade(caller(request), received.link):
        raise NotAllowed
    task = received.link.child_task
    units = Unit.objects.filter(organization_id=task.organization_id)
    lead = list(units.filter(pk__in=payload.lead_unit_ids))
    support = list(units.filter(pk__in=payload.support_unit_ids))
    if len(lead) != len(set(payload.lead_unit_ids)) or len(support) != len(set(payload.support_unit_ids)):
        raise DomainError(errors.CASCADE_UNIT_NOT_OWN)
    cascade_units_assign(task=task, by=caller(request), lead=lead, support=support)
    return _link_out(_received(request, link_id))


@router.post(
    "/{link_id}/withdraw",
    response={204: None, **ERRORS},
    operation_id="cascade_withdraw",
    summary="撤回下达",
    description="上级督办员撤回下级尚未签收的下达任务：下级的承接任务随之删除，并通知下级督办员。"
    "下级已签收、报送进展、申请办结或报告节点完成后不能撤回（409）。",
)
def cascade_withdraw_endpoint(request: HttpRequest, link_id: Id) -> Status[None]:
    """撤回下达 by the parent's supervisor, before the subordinate signs for it."""
    received = _received(request, link_id)
    cascade_withdraw(link=received.link, by=caller(request))
    return Status(204, None)


@router.post(
    "/tasks/{task_id}/update",
    response={200: list[CascadeOut], **ERRORS},
    operation_id="cascade_task_update",
    summary="调整已下达的任务",
    description="上级调整已下达任务的内容、完成时限或指标值（分解指标须给出新的各下级承担值），并通知各下级。",
)
def cascade_task_update_endpoint(
    request: HttpRequest, task_id: Id, payload: CascadeTaskUpdateIn
) -> list[dict[str, Any]]:
    """Change a cascaded task at the parent and pass the change down."""
    task = task_of(request, task_id)
    cascade_task_update(
        task=task,
        by=caller(request),
        text=payload.text,
        deadline=payload.deadline,
        targets={item.target_id: item.value for item in payload.targets},
        shares=_shares(payload.shares),
    )
    links = CascadeLink.objects.filter(parent_task=task).order_by("organization__name")
    return _links_out(request, list(links.values_list("pk", flat=True)))


@router.get(
    "/rollup/plans/{plan_id}",
    response={200: PlanRollupOut, **ERRORS},
    operation_id="rollup_plan",
    summary="下级承接汇总",
    description="本组织方案中已下达任务的汇总：各下级的进度、亮灯、最近通过的进展、承担与完成的指标值，"
    "分解指标的下级合计对照上级目标，下级排名（同值并列）。只含已下达的任务。",
)
def rollup_plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """The parent's roll-up of one plan."""
    plan = plan_selectors.plan_get_for_user(user=caller(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    today = clock.today()
    found = rollup.plan_rollup(plan=plan, today=today)
    return {
        "plan_id": plan.pk,
        "today": today,
        "organizations": [
            {
                "organization": f.organization,
                "place": f.place,
                "tasks": f.tasks,
                "progress": f.progress,
                "completed": f.completed,
                "lagging": f.lagging,
                "accepted": f.accepted,
            }
            for f in found.organizations
        ],
        "tasks": [
            {
                "task_id": item.task.pk,
                "no": item.task.no,
                "text": item.task.text,
                "targets": [
                    {
                        "target_id": t.target.pk,
                        "metric": t.target.metric,
                        "unit": t.target.unit,
                        "value": t.target.value,
                        "split": t.split,
                        "assigned": t.assigned,
                        "reached": t.reached,
                        "met": t.met,
                        "reporting": t.reporting,
                    }
                    for t in item.targets
                ],
                "lines": [
                    {
                        "organization": line.organization,
                        "cascade_id": line.link.pk,
                        "place": line.place,
                        "progress": line.status.progress,
                        "expected": line.status.expected,
                        "light": str(line.status.light),
                        "accepted_at": line.link.accepted_at,
                        "last_report_period": line.last_report.period if line.last_report else None,
                        "last_report_text": line.last_report.text if line.last_report else None,
                        "targets": [
                            {
                                "metric": t.metric,
                                "unit": t.unit,
                                "parent_value": own.target.value,
                                "value": t.value,
                                "reached": t.latest_value,
                            }
                            for own in item.targets
                            if (t := line.targets.get(own.target.position)) is not None
                        ],
                    }
                    for line in item.lines
                ],
            }
            for item in found.tasks
        ],
    }
