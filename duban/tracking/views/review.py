"""The review queue (supervisor): pending reports, 办结 and 延期, approved or returned in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.tracking import selectors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import DecisionForm
from duban.tracking.models import CompletionRequest, ExtensionRequest, ProgressReport
from duban.tracking.services import reports, requests, review
from duban.tracking.views.common import go, is_htmx, user_of

DONE = {
    ("report", "approve"): "已通过。",
    ("report", "return"): "已退回。",
    ("completion", "approve"): "已同意办结。",
    ("completion", "return"): "已退回办结申请。",
    ("extension", "approve"): "已同意延期。",
    ("extension", "return"): "已不同意延期。",
}
_MODELS: dict[str, type[ProgressReport] | type[CompletionRequest] | type[ExtensionRequest]] = {
    "report": ProgressReport,
    "completion": CompletionRequest,
    "extension": ExtensionRequest,
}


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """What waits for the supervisor: reports to review (paged by ?after=), 办结 and 延期 to decide."""
    user = user_of(request)
    if not permissions.can_supervise(user, user.organization_id):
        raise Http404("页面不存在")
    try:
        queue = selectors.review_queue(user=user, after=request.GET.get("after", ""))
    except selectors.InvalidCursor:
        raise Http404("页面不存在") from None
    return render(request, "tracking/review_queue.html", {"queue": queue})


@login_required
@require_POST
def review_decide(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """通过 or 退回 one item; htmx gets the item back (decided, or with the error beside the comment)."""
    user = user_of(request)
    model = _MODELS.get(kind)
    item = model.objects.select_related("task__plan", "unit").filter(pk=item_id).first() if model else None
    if item is None or not permissions.can_view_organization(user, item.organization_id):
        raise Http404("待审核事项不存在")
    verdict = "approve" if request.POST.get("verdict") == "approve" else "return"
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        _decide(kind, item, verdict, comment, user, quality=request.POST.get("quality", ""))
    except TrackingError as exc:
        form.add_error("comment", exc.message)
    if is_htmx(request):
        selectors.review_extras_load(item)
        context = {
            "kind": kind,
            "items": [item],
            "form": form,
            "done": None if form.errors else DONE[kind, verdict],
        }
        return render(request, "tracking/review_items.jinja", context)
    if form.errors:
        messages.error(request, str(form.errors["comment"][0]))
    else:
        messages.success(request, DONE[kind, verdict])
    return go(request, reverse("tracking:review"))


def _decide(
    kind: str,
    item: ProgressReport | CompletionRequest | ExtensionRequest,
    verdict: str,
    comment: str,
    user: User,
    quality: str = "",
) -> None:
    approve = verdict == "approve"
    if isinstance(item, ProgressReport):
        if approve:
            reports.report_approve(report=item, by=user, comment=comment, quality=quality)
        else:
            reports.report_return(report=item, by=user, reason=comment)
    elif isinstance(item, CompletionRequest):
        if approve:
            requests.completion_approve(request=item, by=user, comment=comment, today=clock.today())
        else:
            requests.completion_return(request=item, by=user, reason=comment)
    elif approve:
        requests.extension_approve(request=item, by=user, comment=comment)
    else:
        requests.extension_refuse(request=item, by=user, reason=comment)


NONE_CHOSEN = "请先勾选要通过的进展反馈。"


@login_required
@require_POST
def review_approve_many(request: HttpRequest) -> HttpResponse:
    """批量通过: approve the ticked reports one by one; the refused ones are listed with their reason."""
    user = user_of(request)
    if not permissions.can_supervise(user, user.organization_id):
        raise Http404("页面不存在")
    ids = [pk for pk in (ascii_int(value) for value in request.POST.getlist("report")) if pk is not None]
    if not ids:
        messages.error(request, NONE_CHOSEN)
        return go(request, reverse("tracking:review"))
    outcome = review.reports_approve(report_ids=ids, by=user)
    if outcome.approved:
        messages.success(request, f"已通过 {len(outcome.approved)} 条进展反馈。")
    for label, reason in outcome.refused:
        messages.error(request, f"{label}未通过：{reason}")
    return go(request, reverse("tracking:review"))
