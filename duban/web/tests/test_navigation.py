"""The menu marks the item every page belongs to, for every persona who may open the page."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.api.tests.conftest import make_world
from duban.api.tests.test_pages_permission_matrix import PAGES
from duban.tracking.models import Notification

# The menu item marked on each page; None: the page is no menu item's. Someone whose menu lacks the item
# (liaisons have no 总览, leaders no 导入) sees the fallback marked, or nothing.
CURRENT = {
    "login": None,
    "health": None,
    "plans:list": "方案",
    "plans:detail": "方案",
    "tracking:my_tasks": "我的任务",
    "tracking:dashboard": "总览",
    "tracking:review": "审核",
    "tracking:notifications": "通知",
    "tracking:plan": "总览",
    "tracking:publish": "导入",
    "tracking:matrix": "总览",
    "tracking:unit": "总览",
    "tracking:task": "方案",
    "tracking:schedule": "方案",
    "assessment:results": "总览",
    "assessment:scheme": "总览",
    "assessment:export": None,
    "tracking:milestones": "方案",
    "tracking:rollup": "总览",
    "tracking:cascade_send": "总览",
    "tracking:cascade_change": "总览",
    "tracking:cascade": "方案",
    "tracking:attachment": None,
    "web:import": "导入",
    "web:import_draft": "导入",
    "web:import_source": "导入",
    "account:profile": None,
    "account:password_change": None,
    "account:tokens": None,
    "reports:export": None,
    "reports:circular_draft": "方案",
    "tracking:adhoc": "督办事项",
    "tracking:adhoc_new": "督办事项",
    "tracking:adhoc_source": None,
    "reports:adhoc_notice": None,
}
FALLBACK = {"总览": "方案"}


@pytest.fixture
def world(personas, settings):
    settings.DUBAN_TODAY = "2025-07-10"
    return make_world(personas)


def _menu(html: str) -> tuple[list[str], list[str]]:
    """The menu's labels, and those marked as the current page."""
    menu = re.search(r'<nav class="topnav".*?</nav>', html, re.S)
    text = re.sub(r'<span class="nav-count">.*?</span></span>', "", menu.group(0) if menu else "")
    return re.findall(r">([^<]+)</a>", text), re.findall(r'aria-current="page">([^<]+)</a>', text)


@pytest.mark.parametrize("persona", ["supervisor", "liaison", "leader", "admin"])
def test_the_menu_marks_the_item_each_page_belongs_to(world, persona):
    client = Client()
    client.force_login(getattr(world.personas, persona))
    checked = 0
    for route, page in sorted(PAGES.items()):
        response = client.get(reverse(route, args=page.args(world)), follow=True)
        if response.status_code != 200 or "text/html" not in response.headers["Content-Type"]:
            continue
        landed = response.resolver_match.view_name
        assert landed in CURRENT, f"{landed}: say which menu item it belongs to in CURRENT"
        labels, marked = _menu(response.text)
        expected = CURRENT[landed]
        if expected not in labels:
            expected = FALLBACK.get(expected or "")
        assert marked == ([expected] if expected in labels else []), f"{route} as {persona}"
        checked += 1
    assert checked >= 8


def test_the_account_pages_mark_the_users_own_link(world):
    client = Client()
    client.force_login(world.personas.liaison)

    html = client.get(reverse("account:profile")).text

    assert re.search(r'<a class="user"[^>]*aria-current="page"', html)


def test_the_menu_counts_the_users_unread_notifications(world):
    liaison = world.personas.liaison
    Notification.objects.filter(user=liaison).delete()
    for title in ("催办一", "催办二", "已读"):
        Notification.objects.create(organization=world.personas.org, user=liaison, title=title, body="x")
    Notification.objects.filter(user=liaison, title="已读").update(read_at=timezone.now())
    client = Client()
    client.force_login(liaison)

    unread = client.get(reverse("account:profile")).text
    client.post(reverse("tracking:notifications_read"))
    read = client.get(reverse("account:profile")).text

    assert '通知<span class="nav-count">2<span class="visually-hidden">条未读</span></span></a>' in unread
    assert "nav-count" not in read
