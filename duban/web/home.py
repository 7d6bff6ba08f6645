"""Where a user starts (`/` and after signing in): the page their role works from.

Leaders and supervisors read the 总览 of the plan they last opened, else of the newest plan year's (the plan
list while there is none),
liaisons their 我的任务, admins and anyone else the plan list.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.plans.selectors import OVERSEEN_PLAN_KEY, plan_overseen_id
from duban.web.access import request_user


def home_url(user: User, remembered: object = None) -> str:
    """The page the user's role starts from; readers open the plan they last looked at, as 总览 does."""
    if user.role == Role.LIAISON:
        return reverse("tracking:my_tasks")
    if user.role in (Role.LEADER, Role.SUPERVISOR):
        plan_id = plan_overseen_id(user=user, remembered=remembered)
        if plan_id is not None:
            return reverse("tracking:plan", args=[plan_id])
    return reverse("plans:list")


@login_required
def home(request: HttpRequest) -> HttpResponseRedirect:
    """Send the signed-in user on to their starting page."""
    return HttpResponseRedirect(home_url(request_user(request), request.session.get(OVERSEEN_PLAN_KEY)))
