"""Pages over one plan besides its dashboard: publishing it, a unit's page, the responsibility matrix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from duban.accounts import permissions
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan, PlanStatus, Task
from duban.plans.services import plan_publish
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import PublishForm, error_to_field
from duban.tracking.views.common import user_of

PUBLISHED = "方案已发布。"


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = plan_selectors.plan_get_for_user(user=user_of(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    return plan


@login_required
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Step 4 of the import: the reporting cycle, then 发布; errors beside their fields."""
    user = user_of(request)
    plan = _plan(request, plan_id)
    may = permissions.can_supervise(user, plan.organization_id)
    if plan.status != PlanStatus.DRAFT:
        return redirect("tracking:plan", plan_id=plan.pk)
    form = PublishForm(request.POST or None, initial={"cycle": plan.cycle, "due_day": plan.due_day})
    if request.method == "POST" and may and form.is_valid():
        data = form.cleaned_data
        try:
            plan_publish(
                plan=plan,
                by=user,
                start_date=data["start_date"],
                default_deadline=data["default_deadline"],
                cycle=data["cycle"],
                due_day=data["due_day"],
                custom_due_dates=data["custom_due_dates"],
            )
        except TrackingError as exc:
            error_to_field(form, exc.message)
        else:
            messages.success(request, PUBLISHED)
            return redirect("tracking:plan", plan_id=plan.pk)
    elif request.method == "POST" and not may:
        messages.error(request, "只有督办员可以发布方案。")
    context = {
        "plan": plan,
        "form": form,
        "can_supervise": may,
        "task_total": plan.tasks.count(),
        "warnings": plan_selectors.plan_publish_warnings(plan=plan, today=clock.today()),
        # Accounts are created in Django's admin: offer its link only to those it lets in to add users.
        "can_create_accounts": user.is_staff and user.has_perm("accounts.add_user"),
    }
    return render(request, "tracking/publish.html", context)


@login_required
def unit_page(request: HttpRequest, plan_id: int, unit_id: int) -> HttpResponse:
    """One unit in a plan: the tasks it leads and supports with their lights (each list paged by
    ?lead= / ?support=, the position of the last task shown), and its figures."""
    plan = _plan(request, plan_id)
    unit = plan_selectors.plan_unit_get(plan=plan, unit_id=unit_id)
    if unit is None:
        raise Http404("单位不存在")
    today = clock.today()
    lead_after, support_after = (ascii_int(request.GET.get(key, "")) for key in ("lead", "support"))
    page = selectors.unit_page(
        plan=plan,
        unit=unit,
        today=today,
        lead_after=-1 if lead_after is None else lead_after,
        support_after=-1 if support_after is None else support_after,
    )
    context = {
        "unsigned": selectors.plan_unsigned(plan=plan, today=today, unit=unit).of_unit(unit.pk),
        "plan": plan,
        "unit": unit,
        "today": today,
        "page": page,
        "share": page.share,
        "lead_summary": page.lead_summary,
        "lead_pages": _pages(request.GET, "lead", lead_after, page.lead_next),
        "support_pages": _pages(request.GET, "support", support_after, page.support_next),
    }
    return render(request, "tracking/unit.html", context)


def _pages(params: QueryDict, key: str, after: int | None, following: int | None) -> dict[str, str | None]:
    """The links of one list's pager: back to its first page, on to its next (None where there is none)."""

    def url(position: int | None) -> str:
        query = params.copy()
        query.pop(key, None)
        if position is not None:
            query[key] = str(position)
        return "?" + query.urlencode() + f"#{key}"

    return {
        "first": url(None) if after is not None else None,
        "next": url(following) if following is not None else None,
    }


def _cells(
    row: selectors.MatrixRow, tasks: list[Task], unsigned: selectors.PlanUnsigned
) -> list[tuple[str, bool]]:
    """A unit's matrix row: its mark on each task and whether it has yet to sign for it."""
    unit = row.unit.pk
    return [(mark, (task.pk, unit) in unsigned.cells) for mark, task in zip(row.marks, tasks, strict=True)]


@login_required
def matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Units × tasks: 牵头 ● / 责任 ○, with each unit's counts and what it has not signed for (签收)."""
    plan = _plan(request, plan_id)
    tasks = plan_selectors.plan_tasks(plan=plan)
    unsigned = selectors.plan_unsigned(plan=plan, today=clock.today())
    rows = selectors.responsibility_matrix(tasks=tasks)
    grid = [
        (
            row,
            _cells(row, tasks, unsigned),
            len({line.signoff.task_id for line in unsigned.of_unit(row.unit.pk)}),
        )
        for row in rows
    ]
    context = {"plan": plan, "tasks": tasks, "rows": rows, "grid": grid, "overdue": unsigned.overdue}
    return render(request, "tracking/matrix.html", context)
