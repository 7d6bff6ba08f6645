"""What the layout shows on every page: the navigation a user's role and the installed apps allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from duban.accounts import permissions
from duban.accounts.models import Role, User
from duban.tracking.models import Notification


def _readers(user: User) -> bool:
    return user.role in {Role.LEADER, Role.SUPERVISOR, Role.ADMIN} or user.is_superuser


def _liaisons(user: User) -> bool:
    return user.role == Role.LIAISON


def _supervisors(user: User) -> bool:
    return permissions.can_supervise(user, user.organization_id)


def _importers(user: User) -> bool:
    return permissions.can_import(user, user.organization_id)


def _admins(user: User) -> bool:
    return user.is_staff and (
        permissions.can_manage_accounts(user, user.organization_id) or user.is_superuser
    )


def _everyone(user: User) -> bool:
    return True


# (label, URL name, who sees it). Pages whose URL does not exist are left out, not broken.
_NAVIGATION: list[tuple[str, str, Callable[[User], bool]]] = [
    ("总览", "tracking:dashboard", _readers),
    ("我的任务", "tracking:my_tasks", _liaisons),
    ("方案", "plans:list", _everyone),
    ("督办事项", "tracking:adhoc", _everyone),
    ("审核", "tracking:review", _supervisors),
    ("导入", "web:import", _importers),
    ("通知", "tracking:notifications", _everyone),
    ("管理", "admin:index", _admins),
]


# The menu item each page belongs to, by the page's URL name (a page not named here marks none): a task
# belongs to its plan, publishing is the import wizard's last step, a plan's figures are its 总览.
_SECTION_OF_PAGE = {
    "tracking:dashboard": "tracking:dashboard",
    "tracking:plan": "tracking:dashboard",
    "tracking:matrix": "tracking:dashboard",
    "tracking:unit": "tracking:dashboard",
    "tracking:rollup": "tracking:dashboard",
    "tracking:cascade_send": "tracking:dashboard",
    "tracking:cascade_change": "tracking:dashboard",
    "tracking:cascade": "plans:list",
    "tracking:my_tasks": "tracking:my_tasks",
    "tracking:report": "tracking:my_tasks",
    "plans:list": "plans:list",
    "plans:detail": "plans:list",
    "tracking:task": "plans:list",
    "tracking:task_action": "plans:list",
    "tracking:schedule": "plans:list",
    "tracking:milestones": "plans:list",
    "tracking:milestone_done": "plans:list",
    "reports:circular_draft": "plans:list",
    "assessment:results": "tracking:dashboard",
    "assessment:scheme": "tracking:dashboard",
    "tracking:adhoc": "tracking:adhoc",
    "tracking:adhoc_new": "tracking:adhoc",
    "tracking:adhoc_source": "tracking:adhoc",
    "reports:adhoc_notice": "tracking:adhoc",
    "tracking:review": "tracking:review",
    "tracking:review_decide": "tracking:review",
    "web:import": "web:import",
    "web:import_draft": "web:import",
    "web:import_source": "web:import",
    "tracking:publish": "web:import",
    "tracking:notifications": "tracking:notifications",
}
# For those who do not see the item a page belongs to (liaisons have no 总览): the next best.
_SECTION_FALLBACK = {"tracking:dashboard": "plans:list"}


def _section(request: HttpRequest) -> str | None:
    """The URL name of the menu item the current page belongs to, if any."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if view_name in _SECTION_OF_PAGE:
        return _SECTION_OF_PAGE[view_name]
    if view_name.startswith("admin:"):
        return "admin:index"
    return None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    count: object = None  # a number shown beside the label (unread notifications), when it is not 0


def _unread(user: User) -> object:
    """The user's unread notifications, counted in one query when the menu is drawn (fragments skip it)."""
    return SimpleLazyObject(lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())


def navigation(request: HttpRequest) -> dict[str, object]:
    """The top bar's links for the signed-in user; the current section is marked."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": [], "can_import": False}
    links: list[tuple[str, str, str]] = []
    for label, name, audience in _NAVIGATION:
        if not audience(user):
            continue
        try:
            links.append((label, name, reverse(name)))
        except NoReverseMatch:
            continue
    section = _section(request)
    if section not in {name for _, name, _ in links}:
        section = _SECTION_FALLBACK.get(section or "")
    items = [
        NavItem(
            label,
            url,
            current=name == section,
            count=_unread(user) if name == "tracking:notifications" else None,
        )
        for label, name, url in links
    ]
    match = getattr(request, "resolver_match", None)
    on_account = bool(match and match.namespace == "account")
    return {"nav_items": items, "can_import": _importers(user), "on_account_page": on_account}
