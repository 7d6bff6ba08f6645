"""分解下达 pages: send tasks down, the parent's roll-up, and a cascade as both ends see it (签收, units).

Sending and the roll-up belong to the parent's organisation; the link page to the parent and the one
subordinate it names. To anyone else, a sibling county included, these pages do not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.accounts.models import Organization, Unit
from duban.lib import clock
from duban.lib.numbers import ascii_int, number_text
from duban.plans import permissions as plan_permissions
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan, PlanStatus, Target, Task
from duban.tracking import cascade_rules
from duban.tracking.errors import TrackingError
from duban.tracking.selectors import rollup
from duban.tracking.services.cascade import cascade_accept, cascade_units_assign, tasks_cascade
from duban.tracking.views.common import user_of

SENT = "已向 {orgs} 个下级组织下达 {tasks} 项任务。"


@dataclass
class ShareRow:
    """One target of a chosen task, with the value each chosen organisation gets."""

    task: Task
    target: Target
    split: bool
    values: list[tuple[Organization, str]]  # the inputs share-<target>-<organisation>
    value: str = ""  # the parent's own value, where the page changes it (value-<target>)


def shares_posted(
    targets: list[Target], organizations: list[Organization], posted: QueryDict
) -> dict[tuple[int, int], object]:
    """The share inputs a form posted, by (target id, organisation id); one not posted is left out."""
    names = {(t.pk, o.pk): f"share-{t.pk}-{o.pk}" for t in targets for o in organizations}
    return {key: posted[name] for key, name in names.items() if name in posted}


def _parent_plan(request: HttpRequest, plan_id: int) -> Plan:
    user = user_of(request)
    plan = plan_selectors.plan_get_for_user(user=user, plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    return plan


def _ids(values: list[str]) -> list[int]:
    return [n for n in (ascii_int(v) for v in values) if n is not None]


@login_required
def cascade_send(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Pick tasks (or a section) and subordinates; then each target's shares; POST sends them down."""
    user = user_of(request)
    plan = _parent_plan(request, plan_id)
    if not permissions.can_supervise(user, plan.organization_id) or plan.status != PlanStatus.PUBLISHED:
        raise Http404("方案不存在")
    source = request.POST if request.method == "POST" else request.GET
    subordinates = list(Organization.objects.children_of(plan.organization_id))
    chosen_orgs = [o for o in subordinates if o.pk in set(_ids(source.getlist("org")))]
    sections = set(_ids(source.getlist("section")))
    task_ids = set(_ids(source.getlist("task")))
    all_tasks = list(Task.objects.filter(plan=plan).select_related("section").order_by("position"))
    chosen = [t for t in all_tasks if t.pk in task_ids or t.section_id in sections]
    targets = list(Target.objects.filter(task__in=chosen).order_by("task_id", "position")) if chosen else []
    error = ""
    if request.method == "POST":
        shares = shares_posted(targets, chosen_orgs, request.POST)
        split = [t.pk for t in targets if source.get(f"split-{t.pk}")]
        try:
            tasks_cascade(tasks=chosen, organizations=chosen_orgs, by=user, shares=shares, split=split)
        except TrackingError as exc:
            error = exc.message
        else:
            messages.success(request, SENT.format(orgs=len(chosen_orgs), tasks=len(chosen)))
            return HttpResponseRedirect(reverse("tracking:rollup", args=[plan.pk]))
    context = {
        "plan": plan,
        "subordinates": subordinates,
        "tasks": all_tasks,
        "chosen": chosen,
        "chosen_orgs": chosen_orgs,
        "rows": _share_rows(chosen, targets, chosen_orgs, request.POST if request.method == "POST" else None),
        "error": error,
        "step": 2 if chosen and chosen_orgs else 1,
    }
    return render(request, "tracking/cascade_send.html", context)


def _share_rows(
    tasks: list[Task], targets: list[Target], orgs: list[Organization], posted: QueryDict | None
) -> list[ShareRow]:
    """Each target's inputs: as posted, else an even split of counts and the parent's value for rates."""
    by_task = {t.pk: t for t in tasks}
    rows = []
    for target in targets:
        split = target.unit != "%"  # counts add up across counties; a rate is each county's own
        even = cascade_rules.even_split(target.value, len(orgs)) if split else [target.value] * len(orgs)
        values = []
        for org, default in zip(orgs, even, strict=True):
            name = f"share-{target.pk}-{org.pk}"
            values.append((org, posted.get(name, "") if posted is not None else number_text(default)))
        if posted is not None:
            split = bool(posted.get(f"split-{target.pk}"))
        rows.append(ShareRow(task=by_task[target.task_id], target=target, split=split, values=values))
    return rows


@login_required
def rollup_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The parent's roll-up: cascaded tasks, each subordinate's line, sums against targets, rankings."""
    user = user_of(request)
    plan = _parent_plan(request, plan_id)
    today = clock.today()
    supervises = permissions.can_supervise(user, plan.organization_id)
    context = {
        "plan": plan,
        "today": today,
        "rollup": rollup.plan_rollup(plan=plan, today=today),
        "can_send": supervises and plan.status == PlanStatus.PUBLISHED,
        "can_change": supervises,  # and withdraw what is not signed for
    }
    return render(request, "tracking/rollup.html", context)


def _received(request: HttpRequest, link_id: int) -> rollup.Received:
    found = rollup.received_get_for_user(user=user_of(request), link_id=link_id)
    if found is None:
        raise Http404("任务不存在")
    return found


@login_required
def cascade_link(request: HttpRequest, link_id: int) -> HttpResponse:
    """The parent's task as the subordinate received it (read-only), its share, 签收 and its units."""
    user = user_of(request)
    received = _received(request, link_id)
    link = received.link
    own = permissions.can_view_organization(user, link.organization_id)
    can_accept = plan_permissions.can_accept_cascade(user, link)
    units = (
        list(Unit.objects.for_organization(link.organization_id).order_by("kind", "name"))
        if can_accept
        else []
    )
    context = {
        "received": received,
        "link": link,
        "own": own,
        "can_accept": can_accept,
        "can_withdraw": link.accepted_at is None
        and permissions.can_supervise(user, link.parent_organization_id),
        "units": units,
        "lead_ids": set(link.child_task.task_units.filter(role="lead").values_list("unit_id", flat=True))
        if can_accept
        else set(),
    }
    return render(request, "tracking/cascade_link.html", context)


@login_required
@require_POST
def cascade_accept_view(request: HttpRequest, link_id: int) -> HttpResponse:
    """签收 by the subordinate's supervisor."""
    received = _received(request, link_id)
    if not plan_permissions.can_accept_cascade(user_of(request), received.link):
        raise PermissionDenied
    try:
        cascade_accept(link=received.link, by=user_of(request))
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已签收。")
    return HttpResponseRedirect(reverse("tracking:cascade", args=[link_id]))


@login_required
@require_POST
def cascade_units_view(request: HttpRequest, link_id: int) -> HttpResponse:
    """The subordinate's supervisor names its lead and supporting units for the 承接任务."""
    received = _received(request, link_id)
    if not plan_permissions.can_accept_cascade(user_of(request), received.link):
        raise PermissionDenied
    task = received.link.child_task
    units = Unit.objects.for_organization(task.organization_id)
    lead = list(units.filter(pk__in=_ids(request.POST.getlist("lead"))))
    support = list(units.filter(pk__in=_ids(request.POST.getlist("support"))))
    try:
        cascade_units_assign(task=task, by=user_of(request), lead=lead, support=support)
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已分配责任单位。")
    return HttpResponseRedirect(reverse("tracking:cascade", args=[link_id]))
