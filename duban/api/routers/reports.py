"""Progress reports (进展反馈): list, read, create, submit, withdraw, review; their evidence files."""

from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from duban.accounts.models import Unit
from duban.api.common import Id, Pagination, caller, visible_or_404
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.api.schemas.reports import ReportCreateIn, ReportOut, ReportReviewIn
from duban.lib import clock
from duban.plans.models import Task
from duban.tracking import selectors
from duban.tracking.models import Attachment, ProgressReport, TargetValue
from duban.tracking.services import reports

router = Router(tags=["进展反馈 reports"])


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


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, operation_id="reports_list")
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


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, operation_id="report_get")
def report_get(request: HttpRequest, report_id: Id) -> ProgressReport:
    """One report with its target values and evidence."""
    return _report(request, report_id)


@router.post("/reports", response={201: ReportOut, **ERRORS}, operation_id="report_create")
def report_create(request: HttpRequest, payload: ReportCreateIn) -> Status[ProgressReport]:
    """Write the unit's report for the current cycle (or revise a returned one), as draft or submitted."""
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
        progress=payload.progress,
        target_values=payload.target_values,
        submit=payload.submit,
        revise=revise,
        today=clock.today(),
    )
    return Status(201, _report(request, report.pk))


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **ERRORS}, operation_id="report_submit")
def report_submit(request: HttpRequest, report_id: Id) -> ProgressReport:
    """Submit a draft for review."""
    report = reports.report_submit(report=_report(request, report_id), by=caller(request))
    return _report(request, report.pk)


@router.post(
    "/reports/{report_id}/withdraw", response={200: ReportOut, **ERRORS}, operation_id="report_withdraw"
)
def report_withdraw(request: HttpRequest, report_id: Id) -> ProgressReport:
    """Take a submitted report back to draft before it is reviewed."""
    report = reports.report_withdraw(report=_report(request, report_id), by=caller(request))
    return _report(request, report.pk)


@router.post("/reports/{report_id}/review", response={200: ReportOut, **ERRORS}, operation_id="report_review")
def report_review(request: HttpRequest, report_id: Id, payload: ReportReviewIn) -> ProgressReport:
    """Approve (通过) or return (退回, with a reason) a submitted report (supervisors)."""
    report = _report(request, report_id)
    if payload.verdict == "approve":
        reports.report_approve(report=report, by=caller(request), comment=payload.comment)
    else:
        reports.report_return(report=report, by=caller(request), reason=payload.comment)
    return _report(request, report.pk)


@router.get(
    "/attachments/{attachment_id}",
    response=ERRORS,
    operation_id="attachment_download",
    url_name="attachment_download",
    openapi_extra=FILE_RESPONSE,
)
def attachment_download(request: HttpRequest, attachment_id: Id) -> FileResponse:
    """An evidence file (佐证材料), for users of its organisation only."""
    attachment = visible_or_404(
        Attachment.objects.all(), user=caller(request), pk=attachment_id, missing="附件不存在"
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
