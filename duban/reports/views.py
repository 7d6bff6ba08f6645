"""Download views (thin shells over exports.export_render) and the supervisor's circular draft.

Another organisation's plan is a 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from duban.accounts import permissions
from duban.accounts.models import Unit, User
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans import selectors
from duban.plans.models import Plan
from duban.reports.adapters import ExportRefused, circular_data_from_plan
from duban.reports.charts import CjkFontMissing
from duban.reports.exports import (
    DEFAULT_SUBORDINATES,
    DEFAULT_TRACKING,
    DOCX,
    EXPORT_KINDS,
    ExportFile,
    ExportKind,
    export_render,
)
from duban.reports.models import PARAGRAPHS
from duban.reports.notice import notice_data, notice_docx, notice_filename
from duban.reports.periods import InvalidPeriod, default_period, parse_period, period_choices
from duban.reports.selectors import circular_issue_next
from duban.reports.services import PARAGRAPH_MAX, circular_issue_create
from duban.reports.tabular import CSV_TABLES, CsvTable
from duban.tracking import rules
from duban.tracking.selectors.adhoc import adhoc_item_get

OPENING_MAX = 2000


@login_required
@require_http_methods(["GET", "POST"])
def plan_export(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    """One export of a plan: ?unit=ID, ?period=2025-06, ?table=tasks|targets|reports, opening (POST)."""
    assert isinstance(request.user, User)  # guaranteed by @login_required
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    if plan is None or kind not in EXPORT_KINDS:
        raise Http404("方案不存在")
    params = request.POST if request.method == "POST" else request.GET
    unit = None
    unit_id = params.get("unit", "")
    if unit_id:
        key = ascii_int(unit_id)
        unit = selectors.plan_unit_get(plan=plan, unit_id=key) if key is not None else None
        if unit is None:
            raise Http404("单位不存在")
    table = params.get("table", "tasks")
    try:
        period = parse_period(params["period"]) if params.get("period", "").strip() else None
    except InvalidPeriod as exc:
        return _refused(request, plan=plan, kind=kind, unit=unit, message=str(exc), picker=True)
    try:
        export = export_render(
            plan=plan,
            kind=cast(ExportKind, kind),
            today=clock.today(),
            unit=unit,
            period=period,
            table=cast(CsvTable, table) if table in CSV_TABLES else "tasks",
            opening=params.get("opening", "")[:OPENING_MAX] or None,
        )
    except CjkFontMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    except ExportRefused as exc:
        return _refused(request, plan=plan, kind=kind, unit=unit, message=str(exc), picker=False)
    return _download(export)


def _download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename) or "attachment"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def circular_draft(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The circular drafted from the figures; the supervisor edits its paragraphs and issues it as 第N期."""
    assert isinstance(request.user, User)  # guaranteed by @login_required
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    if not permissions.can_supervise(request.user, plan.organization_id):
        raise PermissionDenied("只有督查室（督办员）可以起草和签发通报")
    params = request.POST if request.method == "POST" else request.GET
    today = clock.today()
    text = params.get("period", "").strip()
    try:
        period = parse_period(text) if text else default_period(today)
    except InvalidPeriod as exc:
        return _refused(request, plan=plan, kind="circular", unit=None, message=str(exc), picker=True)
    edited = (
        {key: params.get(key, "")[:PARAGRAPH_MAX] for key in PARAGRAPHS} if request.method == "POST" else {}
    )
    try:
        if request.method == "POST":
            issue = circular_issue_create(plan=plan, period=period, paragraphs=edited, by=request.user)
            export = export_render(
                plan=plan,
                kind="circular",
                today=today,
                period=period,
                paragraphs=issue.paragraphs,
                issue_no=issue.number,
            )
            return _download(export)
        data = circular_data_from_plan(
            plan,
            period=period,
            today=today,
            issue_no=circular_issue_next(plan),
            tracking=DEFAULT_TRACKING,
            subordinates=DEFAULT_SUBORDINATES,
        )
    except ExportRefused as exc:
        return _refused(request, plan=plan, kind="circular", unit=None, message=str(exc), picker=False)
    except CjkFontMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    context = {
        "plan": plan,
        "data": data,
        "period_text": text or f"{period.start:%Y-%m}",
        "choices": period_choices(rules.plan_year(plan)),
    }
    return render(request, "reports/circular_draft.html", context)


@login_required
@require_http_methods(["GET"])
def adhoc_notice(request: HttpRequest, item_id: int) -> HttpResponse:
    """The 督办通知单 of an ad-hoc item of the user's organisation (another organisation's: 404)."""
    assert isinstance(request.user, User)  # guaranteed by @login_required
    if request.user.organization_id is None:
        raise Http404("督办事项不存在")
    item = adhoc_item_get(organization=request.user.organization_id, item_id=item_id)
    if item is None:
        raise Http404("督办事项不存在")
    data = notice_data(item)
    return _download(ExportFile(content=notice_docx(data), filename=notice_filename(data), content_type=DOCX))


def _refused(
    request: HttpRequest, *, plan: Plan, kind: str, unit: Unit | None, message: str, picker: bool
) -> HttpResponse:
    """The reason on a page of its own, with a period picker when the period was what went wrong."""
    choices = period_choices(rules.plan_year(plan)) if picker else []
    context = {"plan": plan, "kind": kind, "unit": unit, "message": message, "choices": choices}
    # A period to pick again is a form shown with its error (200, as Django re-shows a form); a refusal
    # is 400. A 400 page is logged by browsers as a failed load, which reads as an error to nobody's use.
    return render(request, "reports/export_refused.html", context, status=200 if picker else 400)
