"""Applications of the lead unit, 办结 (completion) and 延期 (extension), and the supervisor's decision."""

from typing import Literal, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.evidence import uploads_of
from duban.api.routers.reports import task_of, task_unit
from duban.api.schemas.common import ERRORS
from duban.api.schemas.requests import (
    CompletionCreateIn,
    CompletionDecideIn,
    CompletionOut,
    CompletionUploadIn,
    ExtensionCreateIn,
    ExtensionDecideIn,
    ExtensionOut,
)
from duban.lib import clock
from duban.tracking.models import CompletionRequest, ExtensionRequest
from duban.tracking.services import requests

router = Router(tags=["办结与延期"])
R = TypeVar("R", CompletionRequest, ExtensionRequest)


class RequestFilter(Schema):
    task: Id | None = Field(None, description="任务 id")
    status: Literal["pending", "approved", "refused"] | None = None


def _completions() -> QuerySet[CompletionRequest]:
    return CompletionRequest.objects.select_related("unit", "requested_by", "decided_by").prefetch_related(
        "attachments"
    )


def _extensions() -> QuerySet[ExtensionRequest]:
    return ExtensionRequest.objects.select_related("unit", "requested_by", "decided_by")


def _filtered(found: QuerySet[R], request: HttpRequest, filters: RequestFilter) -> QuerySet[R]:
    found = found.filter(organization_id=caller(request).organization_id or -1)
    if filters.task is not None:
        found = found.filter(task_id=filters.task)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by("-requested_at", "-pk")


@router.get(
    "/completions",
    response={200: list[CompletionOut], **ERRORS},
    operation_id="completions_list",
    summary="办结申请列表",
    description="本组织的办结申请，可按任务、状态筛选，新的在前。",
)
@paginate(Pagination)
def completions_list(request: HttpRequest, filters: Query[RequestFilter]) -> QuerySet[CompletionRequest]:
    """Applications for 办结 in the caller's organisation, newest first."""
    return _filtered(_completions(), request, filters)


@router.post(
    "/completions",
    response={201: CompletionOut, **ERRORS},
    operation_id="completion_create",
    summary="申请办结",
    description="牵头单位说明完成情况并申请办结。需附佐证材料时用“申请办结（附佐证材料）”。",
)
def completion_create(request: HttpRequest, payload: CompletionCreateIn) -> Status[CompletionRequest]:
    """The lead unit applies for 办结 with a statement."""
    task = task_of(request, payload.task_id)
    made = requests.completion_request(
        task=task, unit=task_unit(task, payload.unit_id), by=caller(request), reason=payload.reason
    )
    return Status(201, _completions().get(pk=made.pk))


@router.post(
    "/completions/upload",
    response={201: CompletionOut, **ERRORS},
    operation_id="completion_upload",
    summary="申请办结（附佐证材料）",
    description=(
        "与“申请办结”相同，以 multipart/form-data 提交，字段 `files` 可附多个佐证材料（类型按内容识别，"
        "单个不超过 `DUBAN_EVIDENCE_MAX_BYTES`，超出返回 413）。"
    ),
)
def completion_upload(
    request: HttpRequest,
    payload: Form[CompletionUploadIn],
    files: File[list[UploadedFile] | None] = None,
) -> Status[CompletionRequest]:
    """The same as completion_create from a multipart form, with evidence files."""
    task = task_of(request, payload.task_id)
    made = requests.completion_request(
        task=task,
        unit=task_unit(task, payload.unit_id),
        by=caller(request),
        reason=payload.reason,
        files=uploads_of(files),
    )
    return Status(201, _completions().get(pk=made.pk))


@router.post(
    "/completions/{request_id}/decide",
    response={200: CompletionOut, **ERRORS},
    operation_id="completion_decide",
    summary="审核办结申请",
    description="同意办结（任务于今日办结）或退回（须写理由）。仅督办员。",
)
def completion_decide(request: HttpRequest, request_id: Id, payload: CompletionDecideIn) -> CompletionRequest:
    """Approve 办结 (the task is completed today) or return it with a reason (supervisors)."""
    application = visible_or_404(_completions(), user=caller(request), pk=request_id, missing="申请不存在")
    if payload.verdict == "approve":
        requests.completion_approve(
            request=application, by=caller(request), comment=payload.comment, today=clock.today()
        )
    else:
        requests.completion_return(request=application, by=caller(request), reason=payload.comment)
    return _completions().get(pk=application.pk)


@router.get(
    "/extensions",
    response={200: list[ExtensionOut], **ERRORS},
    operation_id="extensions_list",
    summary="延期申请列表",
    description="本组织的延期申请，可按任务、状态筛选，新的在前。",
)
@paginate(Pagination)
def extensions_list(request: HttpRequest, filters: Query[RequestFilter]) -> QuerySet[ExtensionRequest]:
    """Requests for 延期 in the caller's organisation, newest first."""
    return _filtered(_extensions(), request, filters)


@router.post(
    "/extensions",
    response={201: ExtensionOut, **ERRORS},
    operation_id="extension_create",
    summary="申请延期",
    description="牵头单位申请把完成时限延至更晚的日期，须写理由。",
)
def extension_create(request: HttpRequest, payload: ExtensionCreateIn) -> Status[ExtensionRequest]:
    """The lead unit requests 延期 to a later date, with a reason."""
    task = task_of(request, payload.task_id)
    made = requests.extension_request(
        task=task,
        unit=task_unit(task, payload.unit_id),
        by=caller(request),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
    )
    return Status(201, _extensions().get(pk=made.pk))


@router.post(
    "/extensions/{request_id}/decide",
    response={200: ExtensionOut, **ERRORS},
    operation_id="extension_decide",
    summary="审核延期申请",
    description="同意延期（任务以新日期为时限，原时限保留）或不同意（须写理由）。仅督办员。",
)
def extension_decide(request: HttpRequest, request_id: Id, payload: ExtensionDecideIn) -> ExtensionRequest:
    """Approve 延期 (the task runs to the new date) or refuse it with a reason (supervisors)."""
    application = visible_or_404(_extensions(), user=caller(request), pk=request_id, missing="申请不存在")
    if payload.verdict == "approve":
        requests.extension_approve(request=application, by=caller(request), comment=payload.comment)
    else:
        requests.extension_refuse(request=application, by=caller(request), reason=payload.comment)
    return _extensions().get(pk=application.pk)
