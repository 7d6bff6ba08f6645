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
from duban.lib.numbers import ascii_int
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan, PlanStatus
from duban.tracking import rules, selectors
from duban.tracking.selectors import rollup
from duban.tracking.views.common import user_of

LIGHTS = (rules.Light.GREEN, rules.Light.YELLOW, rules.Light.RED)


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """The 总览 of the plan chosen (?plan=) or last opened, else the newest; or an empty state."""
    user = user_of(request)
    chosen = ascii_int(request.GET.get("plan", ""))
    remembered = chosen if chosen is not None else request.session.get(plan_selectors.OVERSEEN_PLAN_KEY)
    plan_id = plan_selectors.plan_overseen_id(user=user, remembered=remembered)
    if plan_id is not None:
        return redirect("tracking:plan", plan_id=plan_id)
    drafts = list(plan_selectors.plans_for_user(user=user)[:5])
    return render(request, "tracking/dashboard_empty.html", {"drafts": drafts})


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
    request.session[plan_selectors.OVERSEEN_PLAN_KEY] = plan.pk
    context = {
        "plans": plan_selectors.plans_published_for_user(user=user),
        "plan": plan,
        "today": today,
        "board": board,
        "charts": chart_data(plan, board),
        "chart_texts": chart_texts(board),
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
            "on_pace": [s.targets_on_pace for s in board.sections],
            "behind": [s.targets_behind for s in board.sections],
            "unreported": [s.targets_unreported for s in board.sections],
            "urls": [_tasks_url(plan, section=s.pk) for s in board.sections],
        },
    }


def _rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{_percent(rate)}%"


def _unit_text(u: selectors.GroupFigures) -> str:
    s = u.summary
    place = f"第{u.place}名" + ("（并列）" if u.tied else "")
    rates = (
        f"办结率 {_rate_text(s.completion_rate)}，逾期率 {_rate_text(s.overdue_rate)}，"
        f"按时报送率 {_rate_text(s.reports_on_time_rate)}"
    )
    return f"{place} {u.label}：{rates}"


def _targets_text(s: selectors.GroupFigures) -> str:
    paces = f"达到序时 {s.targets_on_pace} 项，落后序时 {s.targets_behind} 项，未报 {s.targets_unreported} 项"
    return f"{s.label}：{s.targets_total} 项指标，{paces}"


def chart_texts(board: selectors.PlanDashboard) -> dict[str, str]:
    """Each chart's figures as a sentence: the text alternative a screen reader reads for the picture."""
    lights = board.overall.summary.lights
    sections = [f"{s.label}：平均进度 {s.progress}%，序时进度 {s.expected}%" for s in board.sections]
    return {
        "lights": "；".join(f"{light.label} {lights[light.value]} 项" for light in LIGHTS) + "。",
        "sections": "；".join(sections) + "。",
        "units": "；".join(_unit_text(u) for u in board.units) + "。",
        "targets": "；".join(_targets_text(s) for s in board.sections) + "。",
    }
