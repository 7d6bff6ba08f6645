"""考核 pages: results with their breakdown, the scheme (考核细则), entries, and the two downloads.

Every member of the plan's organisation reads them (they are the plan's statistics); only supervisors
write. Another organisation's plan is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from duban.accounts import permissions
from duban.accounts.models import User
from duban.assessment import selectors, services
from duban.assessment.audit_text import assessment_sentence
from duban.assessment.exports import EXPORT_FORMATS, assessment_export
from duban.assessment.forms import GRADE_ROWS, PERIOD_ROWS, EntryForm, scheme_from_post, scheme_initial
from duban.assessment.rules import ITEM_LABELS
from duban.assessment.subordinates import assessed_subordinates
from duban.lib import clock
from duban.lib.errors import NotAllowed
from duban.plans import selectors as plan_selectors
from duban.plans.models import Plan

NOT_SUPERVISOR = "只有督查室（督办员）可以修改考核细则和登记加扣分。"
SCHEME_SAVED = "考核细则已保存。"
ENTRY_ADDED = "已登记。"
ENTRY_REMOVED = "已撤销。"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # guaranteed by @login_required
    return request.user


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = plan_selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    if plan is None:
        raise Http404("方案不存在")
    return plan


def _results_context(request: HttpRequest, plan: Plan, form: EntryForm | None = None) -> dict[str, object]:
    user = _user(request)
    supervise = permissions.can_supervise(user, plan.organization_id)
    results = selectors.plan_results(plan, today=clock.today())
    trail = [
        (
            entry,
            assessment_sentence(
                actor=entry.actor.display_name if entry.actor else "",
                action=entry.action,
                before=entry.before,
                after=entry.after,
            ),
        )
        for entry in selectors.assessment_trail(plan)
    ]
    return {
        "plan": plan,
        "results": results,
        "entries": list(selectors.plan_entries(plan)),
        "can_supervise": supervise,
        "form": form or (_entry_form(plan, initial={"occurred_on": clock.today()}) if supervise else None),
        "trail": trail,
    }


def _entry_form(plan: Plan, **kwargs: object) -> EntryForm:
    return EntryForm(units=selectors.assessed_units(plan), subordinates=assessed_subordinates(plan), **kwargs)


@login_required
@require_http_methods(["GET"])
def results(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Each unit's score, place and grade, with the items and figures behind it; entries and their trail."""
    plan = _plan(request, plan_id)
    return render(request, "assessment/results.html", _results_context(request, plan))


@login_required
@require_POST
def entry_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    """登记 a 加分, 扣分 or 一票否决; refusals come back beside their fields."""
    plan = _plan(request, plan_id)
    user = _user(request)
    if not permissions.can_supervise(user, plan.organization_id):
        raise PermissionDenied(NOT_SUPERVISOR)
    form = _entry_form(plan, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit, subordinate = form.subject_of()
        try:
            services.entry_add(
                plan=plan,
                unit=unit,
                subordinate=subordinate,
                kind=data["kind"],
                points=data["points"],
                reason=data["reason"],
                evidence_kind=data["evidence_kind"],
                evidence=data["evidence"],
                occurred_on=data["occurred_on"],
                by=user,
            )
        except services.AssessmentRefused as exc:
            for name, problems in exc.fields.items():
                field = "subject" if name in ("unit", "subordinate") else name
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            if not exc.fields:
                form.add_error(None, exc.message)
    if form.errors:
        return render(request, "assessment/results.html", _results_context(request, plan, form), status=400)
    messages.success(request, ENTRY_ADDED)
    return HttpResponseRedirect(reverse("assessment:results", args=[plan.pk]))


@login_required
@require_POST
def entry_remove(request: HttpRequest, plan_id: int, entry_id: int) -> HttpResponse:
    """撤销 a manual entry."""
    plan = _plan(request, plan_id)
    try:
        services.entry_remove(entry_id=entry_id, plan=plan, by=_user(request))
    except services.AssessmentRefused as exc:
        messages.error(request, exc.message)
    except NotAllowed as exc:
        raise PermissionDenied(NOT_SUPERVISOR) from exc
    else:
        messages.success(request, ENTRY_REMOVED)
    return HttpResponseRedirect(reverse("assessment:results", args=[plan.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def scheme(request: HttpRequest, plan_id: int) -> HttpResponse:
    """考核细则: everyone of the organisation reads it; a supervisor saves it, checked whole."""
    plan = _plan(request, plan_id)
    user = _user(request)
    supervise = permissions.can_supervise(user, plan.organization_id)
    current, saved = selectors.plan_scheme(plan)
    values = scheme_initial(current)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if not supervise:
            raise PermissionDenied(NOT_SUPERVISOR)
        values = {key: str(value)[:200] for key, value in request.POST.items()}
        parsed, errors = scheme_from_post(request.POST)
        if parsed is not None:
            try:
                services.scheme_save(plan=plan, scheme=parsed, by=user)
            except services.AssessmentRefused as exc:
                errors = exc.fields or {"items": [exc.message]}
            else:
                messages.success(request, SCHEME_SAVED)
                return HttpResponseRedirect(reverse("assessment:scheme", args=[plan.pk]))
        status = 400
    context = {
        "plan": plan,
        "saved": saved,
        "can_supervise": supervise,
        "values": values,
        "errors": errors,
        "item_errors": errors.get("items", []),  # apart: `errors.items` in a template is the dict's method
        "item_rows": [(kind, label, values.get(f"item_{kind}", "")) for kind, label in ITEM_LABELS.items()],
        "period_rows": [
            [values.get(f"period-{row}-{name}", "") for name in ("label", "start", "end", "weight")] + [row]
            for row in range(PERIOD_ROWS)
        ],
        "grade_rows": [
            [values.get(f"grade-{row}-{name}", "") for name in ("label", "minimum")] + [row]
            for row in range(GRADE_ROWS)
        ],
    }
    return render(request, "assessment/scheme.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """考核结果 .xlsx or 考核通报 .docx as of today."""
    plan = _plan(request, plan_id)
    if fmt not in EXPORT_FORMATS:
        raise Http404("没有这种导出格式")
    today = clock.today()
    file = assessment_export(selectors.plan_results(plan, today=today), fmt=fmt, today=today)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename) or "attachment"
    return response
