"""Progress reports (进展反馈): list, read, create, submit, withdraw, review; their evidence files."""

from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.evidence import uploads_of
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.api.schemas.reports import ReportCreateIn, ReportOut, ReportReviewIn, ReportUploadIn
from duban.lib import clock
from duban.lib.files import stored_file_response
from duban.plans.models import Task
from duban.tracking import selectors
from duban.tracking.models import Attachment, ProgressReport, TargetValue
from duban.tracking.services import reports
from duban.tracking.services.attachments import Upload

router = Router(tags=["进展反馈"])


class ReportFilter(Schema):
    task: Id | None = Field(None, description="任务 id")
    unit: Id | None = Field(None, description="单位 id")
    status: Literal["draft", "submitted", "approved", "returned"] | None = None


def _reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("unit", "created_by", "reviewed_by").prefetch_related(
        Prefetch("target_values", queryset=TargetValue.objects.select_related("target")), "attachments"
    )


def _report(request: HttpRequest, report_id: Id) -> ProgressReport:
    return visible_or_404(_reports(), user=caller(request), pk=report_id, missing="进展反馈不存在")


def task_of(request: HttpRequest, task_id: Id) -> Task:
    """A task of the caller's organisation, else 404."""
    task = selectors.task_get_for_user(user=caller(request), task_id=task_id)
    if task is None:
        raise Http404("任务不存在")
    return task


def task_unit(task: Task, unit_id: Id) -> Unit:
    """A unit of the task's organisation, else 404."""
    unit = Unit.objects.filter(organization_id=task.organization_id, pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在")
    return unit


@router.get(
    "/reports",
    response={200: list[ReportOut], **ERRORS},
    operation_id="reports_list",
    summary="进展反馈列表",
    description="本组织的进展反馈，可按任务、单位、状态筛选，新的报送期在前。",
)
@paginate(Pagination)
def reports_list(request: HttpRequest, filters: Query[ReportFilter]) -> QuerySet[ProgressReport]:
    """Reports of the caller's organisation, newest cycle first."""
    found = _reports().filter(organization_id=caller(request).organization_id or -1)
    if filters.task is not None:
        found = found.filter(task_id=filters.task)
    if filters.unit is not None:
        found = found.filter(unit_id=filters.unit)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by("-period", "-created_at", "-pk")


def _report_save(
    request: HttpRequest,
    payload: ReportCreateIn | ReportUploadIn,
    target_values: dict[int, Decimal | None],
    files: list[Upload],
) -> ProgressReport:
    task = task_of(request, payload.task_id)
    revise = None
    if payload.revises is not None:
        revise = ProgressReport.objects.filter(task=task, pk=payload.revises).first()
        if revise is None:
            raise Http404("进展反馈不存在")
    report = reports.report_save(
        task=task,
        unit=task_unit(task, payload.unit_id),
        by=caller(request),
        text=payload.text,
        problems=payload.problems,
        next_steps=payload.next_steps,
        progress=payload.progress,
        target_values=target_values,
        files=files,
        submit=payload.submit,
        revise=revise,
        today=clock.today(),
    )
    return _report(request, report.pk)


# Before /reports/{report_id}, which would otherwise take "upload" for an id.
@router.post(
    "/reports/upload",
    response={201: ReportOut, **ERRORS},
    operation_id="report_upload",
    summary="填报进展（附佐证材料）",
    description=(
        "与“填报进展”相同，以 multipart/form-data 提交，字段 `files` 可附多个佐证材料（PDF、Word、Excel、"
        "PowerPoint、OFD、JPG/PNG、文本，按内容识别类型，单个不超过 `DUBAN_EVIDENCE_MAX_BYTES`，"
        "超出返回 413）。"
        "本期已有草稿时更新草稿并追加附件。"
    ),
)
def report_upload(
    request: HttpRequest,
    payload: Form[ReportUploadIn],
    files: File[list[UploadedFile] | None] = None,
) -> Status[ProgressReport]:
    """The same as report_create from a multipart form, with evidence files."""
    return Status(201, _report_save(request, payload, dict(payload.target_values or {}), uploads_of(files)))


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, **ERRORS},
    operation_id="report_get",
    summary="进展反馈详情",
    description="一条进展反馈及其目标指标填报值和佐证材料。",
)
def report_get(request: HttpRequest, report_id: Id) -> ProgressReport:
    """One report with its target values and evidence."""
    return _report(request, report_id)


@router.post(
    "/reports",
    response={201: ReportOut, **ERRORS},
    operation_id="report_create",
    summary="填报进展",
    description=(
        "为本单位填报本期进展（或修改被退回的反馈），存为草稿或直接提交审核。需附佐证材料时用“填报进展"
        "（附佐证材料）”。"
    ),
)
def report_create(request: HttpRequest, payload: ReportCreateIn) -> Status[ProgressReport]:
    """Write the unit's report for the current cycle (or revise a returned one), as draft or submitted."""
    return Status(201, _report_save(request, payload, dict(payload.target_values), []))


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, **ERRORS},
    operation_id="report_submit",
    summary="提交草稿",
    description="把草稿提交审核。仅该单位的联络员。",
)
def report_submit(request: HttpRequest, report_id: Id) -> ProgressReport:
    """Submit a draft for review."""
    report = reports.report_submit(report=_report(request, report_id), by=caller(request))
    return _report(request, report.pk)


@router.post(
    "/reports/{report_id}/withdraw",
    response={200: ReportOut, **ERRORS},
    operation_id="report_withdraw",
    summary="撤回进展反馈",
    description="在审核前把已提交的反馈撤回为草稿。仅该单位的联络员。",
)
def report_withdraw(request: HttpRequest, report_id: Id) -> ProgressReport:
    """Take a submitted report back to draft before it is reviewed."""
    report = reports.report_withdraw(report=_report(request, report_id), by=caller(request))
    return _report(request, report.pk)


@router.post(
    "/reports/{report_id}/review",
    response={200: ReportOut, **ERRORS},
    operation_id="report_review",
    summary="审核进展反馈",
    description=(
        "通过（approve）或退回（return，须写理由）待审核的反馈；通过后牵头单位的进度成为任务进度。仅督办员。"
    ),
)
def report_review(request: HttpRequest, report_id: Id, payload: ReportReviewIn) -> ProgressReport:
    """Approve (通过) or return (退回, with a reason) a submitted report (supervisors)."""
    report = _report(request, report_id)
    if payload.verdict == "approve":
        reports.report_approve(
            report=report, by=caller(request), comment=payload.comment, quality=payload.quality
        )
    else:
        reports.report_return(report=report, by=caller(request), reason=payload.comment)
    return _report(request, report.pk)


@router.get(
    "/attachments/{attachment_id}",
    response=ERRORS,
    operation_id="attachment_download",
    summary="下载佐证材料",
    description="一个佐证材料文件，仅本组织用户可下载。",
    url_name="attachment_download",
    openapi_extra=FILE_RESPONSE,
)
def attachment_download(request: HttpRequest, attachment_id: Id) -> FileResponse:
    """An evidence file (佐证材料), for users of its organisation only."""
    attachment = visible_or_404(
        Attachment.objects.all(), user=caller(request), pk=attachment_id, missing="附件不存在"
    )
    return stored_file_response(attachment.file, filename=attachment.name, missing="附件不存在")
