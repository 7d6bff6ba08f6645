"""Dashboard figures: lights, 办结率, 按期办结率, 逾期率, 按时报送率 per plan, section and lead unit."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from duban.api.common import Id, caller
from duban.api.schemas.common import ERRORS
from duban.api.schemas.dashboard import PlanDashboardOut, PlanFiguresOut
from duban.lib import clock
from duban.plans import selectors as plan_selectors
from duban.plans.models import PlanStatus
from duban.tracking import selectors

router = Router(tags=["统计"])


@router.get(
    "",
    response={200: list[PlanFiguresOut], **ERRORS},
    operation_id="dashboard",
    summary="统计总览",
    description="本组织每个已发布方案的总体数字：亮灯、办结率、按期办结率、逾期率、按时报送率。",
)
def dashboard(request: HttpRequest) -> list[dict[str, Any]]:
    """The overall figures of every published plan of the caller's organisation."""
    today = clock.today()
    plans = plan_selectors.plans_for_user(user=caller(request)).filter(status=PlanStatus.PUBLISHED)
    return [
        {"plan": plan, "today": today, "overall": selectors.plan_summary(plan=plan, today=today).overall}
        for plan in plans
    ]


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDashboardOut, **ERRORS},
    operation_id="dashboard_plan",
    summary="方案统计",
    description="一个方案的总体数字，以及按板块、按牵头单位的数字。",
)
def dashboard_plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """One plan's figures, overall and per section and lead unit."""
    plan = plan_selectors.plan_get_for_user(user=caller(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    today = clock.today()
    summary = selectors.plan_summary(plan=plan, today=today)
    return {
        "plan": plan,
        "today": today,
        "overall": summary.overall,
        "sections": [{"section": section, "summary": figures} for section, figures in summary.sections],
        "units": [{"unit": unit, "summary": figures} for unit, figures in summary.units],
    }
