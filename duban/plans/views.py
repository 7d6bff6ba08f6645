"""Plan pages: thin views that read through selectors and render templates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from duban.accounts.models import User
from duban.lib import clock
from duban.plans import selectors
from duban.plans.models import Section, TaskState
from duban.tracking import selectors as tracking


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
    """One plan as issued, each task with its light, progress and state; filtered and searched.

    Filters: ?unit=, ?section=, ?light= (green, yellow, red, lagging), ?state= (a TaskState or overdue), ?q=.
    """
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    params = request.GET
    query = params.get("q", "").strip()[:100]
    unit_id, section_id = _key(params.get("unit")), _key(params.get("section"))
    unit = selectors.plan_unit_get(plan=plan, unit_id=unit_id) if unit_id else None
    light = params.get("light", "") if params.get("light") in LIGHT_FILTERS else ""
    state = params.get("state", "") if params.get("state") in STATE_FILTERS else ""

    tasks = selectors.plan_tasks(plan=plan, query=query)
    statuses = tracking.statuses_for(tasks, today=clock.today())
    lines = [tracking.TaskLine(task=task, status=statuses[task.pk]) for task in tasks]
    lines = tracking.task_lines_filter(lines, light=light, state=state, section_id=section_id)
    tasks = [line.task for line in lines]
    sections = list(Section.objects.filter(plan=plan))
    context = {
        "plan": plan,
        "query": query,
        "unit": unit,
        "units": selectors.plan_units(plan=plan),
        "section_options": sections,
        "section_id": section_id,
        "light": light,
        "state": state,
        "light_options": LIGHT_FILTERS.items(),
        "state_options": STATE_FILTERS.items(),
        "filtered": bool(query or unit or light or state or section_id),
        "task_total": plan.tasks.count(),
        "shown_count": len(tasks),
    }
    if unit is not None:
        context["unit_tasks"] = share = selectors.plan_unit_tasks(plan=plan, unit=unit, tasks=tasks)
        rows = [*share.lead, *share.support]
    else:
        context["sections"] = groups = selectors.plan_sections_with_tasks(plan=plan, tasks=tasks)
        rows = [row for group in groups for row in group.rows]
    for row in rows:
        row.status = statuses[row.task.pk]
    return render(request, "plans/plan_detail.html", context)


LIGHT_FILTERS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "lagging": "红灯和黄灯", "none": "中止"}
STATE_FILTERS = {**dict(TaskState.choices), "overdue": "逾期"}


def _key(value: str | None) -> int | None:
    """A primary key from the query string; beyond 18 digits it cannot be a key, only an error."""
    value = value or ""
    return int(value) if value.isdigit() and len(value) <= 18 else None
