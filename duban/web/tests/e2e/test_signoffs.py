"""签收 in a real browser: the supervisor urges the lead units with a message and a reply date, the lead's
liaison signs for it with a reply from my tasks (desktop and phone), and the supervisor sees who signed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings

from duban.plans.models import Task
from duban.test import Personas
from duban.tracking.models import SignOff
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["1366", "390"])
def test_the_supervisor_urges_the_lead_units_and_the_liaison_signs_with_a_reply(
    browser: Browser,
    live_server: Any,
    personas: Personas,
    console_errors: ConsoleErrors,
    device: dict[str, Any],
) -> None:
    plan = published_plan(personas, tasks=3)
    task = Task.objects.get(plan=plan, no="3")
    width = device["viewport"]["width"]
    supervisor = sign_in(browser, live_server.url, "supervisor", **device)
    console_errors.watch(supervisor)
    supervisor.goto(f"{live_server.url}/tracking/tasks/{task.pk}/")

    form = supervisor.locator("form", has=supervisor.get_by_role("button", name="发送催办"))
    form.get_by_label("催办内容").fill("请于6月25日前报送学位建设推进情况。")
    form.get_by_label("全部责任单位").uncheck()
    form.get_by_label("请于此日前签收回复").fill("2025-06-25")
    screenshot(supervisor, f"urge-form-{width}")
    form.get_by_role("button", name="发送催办").click()
    expect(supervisor.get_by_text("已向 2 个单位发出催办。")).to_be_visible()

    liaison = sign_in(browser, live_server.url, "liaison", **device)
    console_errors.watch(liaison)
    liaison.goto(f"{live_server.url}/tracking/")
    pending = liaison.locator("#signoffs")
    expect(pending.locator(".count-unread")).to_have_text("3")  # tasks 1 and 3 published, and the 催办
    expect(pending.get_by_text("请于6月25日前报送学位建设推进情况。")).to_be_visible()
    screenshot(liaison, f"my-tasks-signoffs-{width}")
    assert liaison.evaluate("document.documentElement.scrollWidth") <= width
    urged = pending.locator("li.signoff", has=liaison.locator(".urge-message"))
    urged.get_by_label("回复").fill("已安排，按期报送。")
    urged.get_by_role("button", name="签收").click()
    expect(liaison.get_by_text("已签收。")).to_be_visible()
    expect(liaison.locator("#signoffs .count-unread")).to_have_text("2")
    liaison.get_by_role("button", name="全部签收").click()
    expect(liaison.get_by_text("已签收 2 项。")).to_be_visible()
    expect(liaison.locator("#signoffs")).to_have_count(0)

    supervisor.goto(f"{live_server.url}/tracking/tasks/{task.pk}/")
    expect(supervisor.get_by_text("回复：已安排，按期报送。", exact=True)).to_be_visible()
    screenshot(supervisor, f"task-signoffs-{width}")
    assert supervisor.evaluate("document.documentElement.scrollWidth") <= width
    assert not SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True).exists()
    assert console_errors == []


def test_on_a_phone_my_tasks_shows_five_to_sign_and_folds_the_rest_before_the_tasks(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    published_plan(personas, tasks=16)  # the liaison's 基础教育处 leads the 8 odd tasks: 8 to sign for
    page = sign_in(browser, live_server.url, "liaison", **PHONE)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/")

    pending = page.locator("#signoffs")
    expect(pending.locator("li.signoff:visible")).to_have_count(5)
    more = pending.locator("summary", has_text="其余 3 项")
    expect(more).to_be_visible()
    first_task = page.locator("article.my-task").first.bounding_box()
    screenshot(page, "my-tasks-signoffs-folded-390")
    more.click()

    expect(pending.locator("li.signoff:visible")).to_have_count(8)
    assert first_task is not None and first_task["y"] < 3 * PHONE["viewport"]["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    assert console_errors == []
