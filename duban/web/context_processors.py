"""What the layout shows on every page: the navigation a user's role and the installed apps allow."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from duban.accounts.models import User
from duban.web.access import can_import

# (label, URL name, who sees it). Pages of apps not installed yet (tracking) are left out, not broken.
_NAVIGATION: list[tuple[str, str, str]] = [
    ("方案", "plans:list", "all"),
    ("我的任务", "tracking:my_tasks", "all"),
    ("审核", "tracking:review", "importers"),
    ("导入", "web:import", "importers"),
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
    importer = can_import(user)
    items: list[NavItem] = []
    for label, name, audience in _NAVIGATION:
        if audience == "importers" and not importer:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(NavItem(label, url, current=request.path.startswith(url)))
    return {"nav_items": items, "can_import": importer}
