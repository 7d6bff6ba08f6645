"""What the layout shows on every page: the navigation a user's role and the installed apps allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from duban.accounts import permissions
from duban.accounts.models import Role, User


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
    ("审核", "tracking:review", _supervisors),
    ("导入", "web:import", _importers),
    ("通知", "tracking:notifications", _everyone),
    ("管理", "admin:index", _admins),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    """The top bar's links for the signed-in user; the current section is marked."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": [], "can_import": False}
    items: list[NavItem] = []
    for label, name, audience in _NAVIGATION:
        if not audience(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == reverse("tracking:my_tasks") else request.path.startswith(url)
        items.append(NavItem(label, url, current=current))
    return {"nav_items": items, "can_import": _importers(user)}
