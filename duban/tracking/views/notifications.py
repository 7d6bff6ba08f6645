"""In-app notifications (催办, reminders): the user's latest, marked read on request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.tracking import selectors
from duban.tracking.models import Notification
from duban.tracking.views.common import user_of


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's latest notifications, unread first marked."""
    items = selectors.notifications_for(user=user_of(request))
    return render(request, "tracking/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read."""
    Notification.objects.filter(user=user_of(request), read_at__isnull=True).update(read_at=timezone.now())
    return redirect("tracking:notifications")
