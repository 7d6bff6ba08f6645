"""Download views: thin shells over exports.export_render; another organisation's plan is a 404."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from duban.accounts.models import User
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans import selectors
from duban.reports.charts import CjkFontMissing
from duban.reports.exports import EXPORT_KINDS, ExportKind, export_render
from duban.reports.periods import InvalidPeriod, parse_period
from duban.reports.tabular import CSV_TABLES, CsvTable

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
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
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
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename) or "attachment"
    return response
