"""The dashboard (leader, supervisor): a plan's progress against 序时进度, lights, sections, units, targets.

Charts are drawn by static/duban/dashboard.js from the JSON below (json_script): no inline script, and
every chart element carries the URL of the tasks behind it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.accounts import permissions
from duban.lib import clock
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan, PlanStatus
from duban.tracking import rules, selectors
from duban.tracking.selectors import rollup
from duban.tracking.views.common import user_of

LIGHTS = (rules.Light.GREEN, rules.Light.YELLOW, rules.Light.RED)


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the newest published plan, or an empty state."""
    user = user_of(request)
    plans = plan_selectors.plans_for_user(user=user)
    plan = plans.imported().filter(status=PlanStatus.PUBLISHED).first()
    if plan is not None:
        return redirect("tracking:plan", plan_id=plan.pk)
    return render(request, "tracking/dashboard_empty.html", {"drafts": list(plans[:5])})


@login_required
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's figures and charts; a draft plan shows the way to publish it."""
    user = user_of(request)
    plan = plan_selectors.plan_get_for_user(user=user, plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    if plan.status == PlanStatus.DRAFT:
        return redirect("tracking:publish", plan_id=plan.pk)
    today = clock.today()
    board = selectors.plan_dashboard(plan=plan, today=today)
    context = {
        "plan": plan,
        "today": today,
        "board": board,
        "charts": chart_data(plan, board),
        "can_supervise": permissions.can_supervise(user, plan.organization_id),
        "rollup": rollup.plan_rollup(plan=plan, today=today),
    }
    return render(request, "tracking/dashboard.html", context)


def _tasks_url(plan: Plan, **params: object) -> str:
    return reverse("plans:detail", args=[plan.pk]) + "?" + urlencode(params) + "#tasks"


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def chart_data(plan: Plan, board: selectors.PlanDashboard) -> dict[str, object]:
    """What dashboard.js draws: names, values and the URL of the tasks behind every element."""
    lights = board.overall.summary.lights
    return {
        "lights": [
            {
                "name": light.label,
                "key": light.value,
                "value": lights[light.value],
                "url": _tasks_url(plan, light=light.value),
            }
            for light in LIGHTS
        ],
        "sections": {
            "labels": [s.label for s in board.sections],
            "progress": [s.progress for s in board.sections],
            "expected": [s.expected for s in board.sections],
            "urls": [_tasks_url(plan, section=s.pk) for s in board.sections],
        },
        "units": {
            "labels": [u.label for u in board.units],
            "completion": [_percent(u.summary.completion_rate) or 0 for u in board.units],
            "overdue": [_percent(u.summary.overdue_rate) or 0 for u in board.units],
            "reports": [_percent(u.summary.reports_on_time_rate) for u in board.units],
            "urls": [reverse("tracking:unit", args=[plan.pk, u.pk]) for u in board.units],
        },
        "targets": {
            "labels": [s.label for s in board.sections],
            "met": [s.targets_met for s in board.sections],
            "open": [s.targets_total - s.targets_met for s in board.sections],
            "urls": [_tasks_url(plan, section=s.pk) for s in board.sections],
        },
    }
