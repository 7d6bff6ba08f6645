"""The circular (通报) of a plan: the draft, issuing it as 第N期, the issues and their documents."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status
from pydantic import Field

from duban.accounts import permissions
from duban.api.common import Id, caller, visible_or_404
from duban.api.schemas.circulars import CircularDraftOut, CircularIssueIn, CircularIssueOut
from duban.api.schemas.common import ERRORS, FILE_RESPONSE
from duban.lib import clock
from duban.lib.errors import DomainError, NotAllowed
from duban.lib.responses import json_error
from duban.plans import selectors
from duban.plans.models import Plan, PlanStatus
from duban.reports.adapters import UNPUBLISHED, ExportRefused, circular_data_from_plan
from duban.reports.charts import CjkFontMissing
from duban.reports.data import Period
from duban.reports.exports import DEFAULT_TRACKING, export_render
from duban.reports.models import PARAGRAPHS, CircularIssue
from duban.reports.periods import InvalidPeriod, default_period, parse_period
from duban.reports.selectors import circular_issue_next
from duban.reports.services import NOT_SUPERVISOR, circular_issue_create

router = Router(tags=["通报"])


class PeriodQuery(Schema):
    period: str = Field("", max_length=40, description="期间：2025-06、2025-Q2、2025-H1、2025；留空为上月")


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    """A plan of the caller's organisation that the caller supervises (others: 404, then 403)."""
    user = caller(request)
    plan = visible_or_404(selectors.plans_for_user(user=user), user=user, pk=plan_id, missing="方案不存在")
    if not permissions.can_supervise(user, plan.organization_id):
        raise NotAllowed(NOT_SUPERVISOR)
    return plan


def _period(text: str) -> Period:
    try:
        return parse_period(text) if text.strip() else default_period(clock.today())
    except InvalidPeriod as exc:
        raise DomainError(str(exc)) from None


@router.get(
    "/plans/{plan_id}/circular/draft",
    response={200: CircularDraftOut, **ERRORS},
    operation_id="circular_draft_get",
    summary="起草通报",
    description="按期间从数据起草的通报：下一期期数、标题和可改写的段落（开头语、表扬、批评、下步工作要求）。仅督办员。",
)
def circular_draft_get(request: HttpRequest, plan_id: Id, query: Query[PeriodQuery]) -> dict[str, object]:
    """The circular drafted from the figures, with the number it would be issued under."""
    plan = _plan(request, plan_id)
    period = _period(query.period)
    issue_no = circular_issue_next(plan)
    try:
        data = circular_data_from_plan(
            plan, period=period, today=clock.today(), issue_no=issue_no, tracking=DEFAULT_TRACKING
        )
    except ExportRefused as exc:
        raise DomainError(str(exc)) from None
    return {
        "plan_id": plan.pk,
        "issue_no": issue_no,
        "period": period.label,
        "period_start": period.start,
        "period_end": period.end,
        "title": data.title,
        **{key: getattr(data, key) for key in PARAGRAPHS},
    }


@router.post(
    "/plans/{plan_id}/circulars",
    response={201: CircularIssueOut, **ERRORS},
    operation_id="circular_issue",
    summary="签发通报",
    description="以改写的段落签发一期通报（期数按方案顺序编号）；未填的段落用起草的。仅督办员。",
)
def circular_issue(request: HttpRequest, plan_id: Id, payload: CircularIssueIn) -> Status[CircularIssue]:
    """Issue the next 第N期 of the plan's circular with the supervisor's paragraphs."""
    plan = _plan(request, plan_id)
    period = _period(payload.period)
    if plan.status == PlanStatus.DRAFT:
        raise DomainError(UNPUBLISHED.format(title=plan.title))
    paragraphs = {key: getattr(payload, key) for key in PARAGRAPHS}
    try:
        issue = circular_issue_create(plan=plan, period=period, paragraphs=paragraphs, by=caller(request))
    except ExportRefused as exc:
        raise DomainError(str(exc)) from None
    return Status(201, issue)


@router.get(
    "/plans/{plan_id}/circulars",
    response={200: list[CircularIssueOut], **ERRORS},
    operation_id="circular_issues_list",
    summary="已签发的通报",
    description="方案已签发的各期通报，按期数排列。仅督办员。",
)
def circular_issues_list(request: HttpRequest, plan_id: Id) -> QuerySet[CircularIssue]:
    """The plan's issued circulars, by number."""
    return CircularIssue.objects.filter(plan=_plan(request, plan_id)).order_by("number")


@router.get(
    "/circulars/{issue_id}/document",
    response=ERRORS,
    operation_id="circular_issue_download",
    summary="下载已签发的通报",
    description="一期已签发的通报（Word），按其期间、期数和签发时的段落生成。仅督办员。",
    openapi_extra=FILE_RESPONSE,
)
def circular_issue_download(request: HttpRequest, issue_id: Id) -> HttpResponse:
    """An issued circular as .docx."""
    user = caller(request)
    issue = visible_or_404(
        CircularIssue.objects.select_related("plan__organization"),
        user=user,
        pk=issue_id,
        missing="通报不存在",
    )
    if not permissions.can_supervise(user, issue.organization_id):
        raise NotAllowed(NOT_SUPERVISOR)
    period = Period(start=issue.period_start, end=issue.period_end, label=issue.period_label)
    try:
        export = export_render(
            plan=issue.plan,
            kind="circular",
            today=clock.today(),
            period=period,
            paragraphs=issue.paragraphs,
            issue_no=issue.number,
        )
    except ExportRefused as exc:
        raise DomainError(str(exc)) from None
    except CjkFontMissing as exc:
        return json_error(503, "cjk_font_missing", str(exc))
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename) or "attachment"
    return response
