"""Where a user starts (`/` and after signing in): the page their role works from.

Leaders and supervisors read the 总览 of the newest published plan (the plan list while there is none),
liaisons their 我的任务, admins and anyone else the plan list.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.plans.models import Plan, PlanStatus
from duban.web.access import request_user


def home_url(user: User) -> str:
    """The page the user's role starts from."""
    if user.role == Role.LIAISON:
        return reverse("tracking:my_tasks")
    if user.role in (Role.LEADER, Role.SUPERVISOR):
        newest = (
            Plan.objects.for_organization(user.organization_id)
            .imported()
            .filter(status=PlanStatus.PUBLISHED)
            .values_list("pk", flat=True)
            .first()
        )
        if newest is not None:
            return reverse("tracking:plan", args=[newest])
    return reverse("plans:list")


@login_required
def home(request: HttpRequest) -> HttpResponseRedirect:
    """Send the signed-in user on to their starting page."""
    return HttpResponseRedirect(home_url(request_user(request)))
