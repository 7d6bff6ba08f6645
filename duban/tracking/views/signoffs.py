"""签收 buttons (my tasks, the task page): sign one request, or every pending one of a task or of mine."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.lib.numbers import ascii_int
from duban.plans.models import Task
from duban.tracking.errors import TrackingError
from duban.tracking.models import SignOff
from duban.tracking.services import signoffs
from duban.tracking.views.common import go, next_url, user_of

SIGNED = "已签收。"
SIGNED_ALL = "已签收 {count} 项。"


@login_required
@require_POST
def signoff_sign(request: HttpRequest, signoff_id: int) -> HttpResponse:
    """Sign for one request of one of the user's units."""
    user = user_of(request)
    signoff = SignOff.objects.filter(pk=signoff_id, organization_id=user.organization_id or -1).first()
    if signoff is None:
        raise Http404("签收事项不存在")
    try:
        signoffs.signoff_sign(signoff=signoff, by=user, note=request.POST.get("note", ""))
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, SIGNED)
    return go(request, next_url(request, reverse("tracking:my_tasks")))


@login_required
@require_POST
def signoffs_sign_all(request: HttpRequest) -> HttpResponse:
    """全部签收: every pending request of the user's units, or those of one task (`task`)."""
    user = user_of(request)
    task = None
    if request.POST.get("task"):
        task = Task.objects.filter(
            pk=ascii_int(request.POST["task"]) or 0, organization_id=user.organization_id or -1
        ).first()
        if task is None:
            raise Http404("任务不存在")
    try:
        signed = signoffs.signoffs_sign(by=user, task=task, note=request.POST.get("note", ""))
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, SIGNED_ALL.format(count=len(signed)))
    return go(request, next_url(request, reverse("tracking:my_tasks")))
