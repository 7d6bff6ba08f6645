"""The plan pages (/plans/): each task with its light, progress and state, read from tracking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from duban.accounts.models import User
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans import selectors
from duban.plans.models import PlanStatus, Section, TaskState
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
    """One plan as issued, each task with its light, progress and state; filtered, searched and paged.

    Filters: ?unit=, ?section=, ?light= (green, yellow, red, lagging), ?state= (a TaskState or overdue), ?q=.
    Pages of PLAN_PAGE_SIZE tasks continue with ?after=<position of the last task shown> (keyset).
    """
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    params = request.GET
    published = plan.status == PlanStatus.PUBLISHED
    query = params.get("q", "").strip()[:100]
    unit_id, section_id = _key(params.get("unit")), _key(params.get("section"))
    unit = selectors.plan_unit_get(plan=plan, unit_id=unit_id) if unit_id else None
    light = params.get("light", "") if params.get("light") in LIGHT_FILTERS else ""
    state = params.get("state", "") if params.get("state") in STATE_FILTERS else ""
    after = _key(params.get("after"))

    page = tracking.task_lines_page(
        selectors.plan_tasks_matching(plan=plan, query=query, unit=unit, section_id=section_id),
        plan=plan,
        today=clock.today(),
        light=light,
        state=state,
        after=-1 if after is None else after,
    )
    tasks = [line.task for line in page.lines]
    statuses = {line.task.pk: line.status for line in page.lines}
    sections = list(Section.objects.filter(plan=plan))
    filtered = bool(query or unit or light or state or section_id)
    context = {
        "plan": plan,
        "query": query,
        "unit": unit,
        "units": selectors.plan_units(plan=plan),
        "section_options": sections,
        "section_id": section_id,
        "light": light,
        "state": state,
        # A draft has no lights and nothing is late yet: its filters offer neither.
        "light_options": LIGHT_FILTERS.items() if published else (),
        "state_options": STATE_FILTERS.items() if published else TaskState.choices,
        "filtered": filtered,
        "task_total": plan.tasks.count() if filtered else page.total,
        "shown_count": page.total,
        "first_page_url": _page_url(params, None) if after is not None else None,
        "next_page_url": _page_url(params, page.next_after) if page.next_after else None,
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


def _page_url(params: QueryDict, after: int | None) -> str:
    """The query string of the same filters from another page (None: the first)."""
    query = params.copy()
    query.pop("after", None)
    if after is not None:
        query["after"] = str(after)
    return "?" + query.urlencode() + "#tasks"


LIGHT_FILTERS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "lagging": "红灯和黄灯", "none": "中止"}
STATE_FILTERS = {**dict(TaskState.choices), "overdue": "逾期"}


def _key(value: str | None) -> int | None:
    """A primary key from the query string; beyond 18 digits it cannot be a key, only an error."""
    return ascii_int(value)
