"""Plan pages: thin views that read through selectors and render templates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from duban.accounts.models import User
from duban.plans import selectors


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # guaranteed by @login_required
    return request.user


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of the user's organisation."""
    plans = selectors.plans_for_user(user=_user(request))
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """One plan as issued: sections and tasks, filtered by unit (?unit=) and searched (?q=)."""
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    query = request.GET.get("q", "").strip()[:100]
    unit_id = request.GET.get("unit", "")
    valid_id = unit_id.isdigit() and len(unit_id) <= 18  # beyond that it cannot be a key, only an error
    unit = selectors.plan_unit_get(plan=plan, unit_id=int(unit_id)) if valid_id else None

    tasks = selectors.plan_tasks(plan=plan, query=query)
    context = {
        "plan": plan,
        "query": query,
        "unit": unit,
        "units": selectors.plan_units(plan=plan),
        "task_total": plan.tasks.count(),
        "shown_count": len(tasks),
    }
    if unit is not None:
        context["unit_tasks"] = selectors.plan_unit_tasks(plan=plan, unit=unit, tasks=tasks)
    else:
        context["sections"] = selectors.plan_sections_with_tasks(plan=plan, tasks=tasks)
    return render(request, "plans/plan_detail.html", context)
