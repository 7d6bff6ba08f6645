"""The review queue in a real browser: the comment box is one line high on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings

from duban.plans.models import Task
from duban.test import Personas
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, PHONE["viewport"]])
def test_the_comment_box_is_one_line_high(
    browser: Browser,
    live_server: Any,
    personas: Personas,
    console_errors: ConsoleErrors,
    viewport: dict[str, int],
) -> None:
    plan = published_plan(personas, tasks=2)
    one = Task.objects.select_related("plan").get(plan=plan, no="1")
    report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        submit=True,
        today=TODAY,
    )
    page = sign_in(browser, live_server.url, "supervisor", viewport=viewport)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/review/")

    box = page.locator("li.review-item input[name=comment]").first.bounding_box()

    screenshot(page, f"review-queue-{viewport['width']}")
    assert box is not None and box["height"] < 48
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert console_errors == []


def test_the_supervisor_ticks_two_reports_and_approves_them_at_once(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    plan = published_plan(personas, tasks=4)
    for no in ("1", "3"):
        one = Task.objects.select_related("plan").get(plan=plan, no=no)
        report_save(
            task=one,
            unit=personas.basic_ed,
            by=personas.liaison,
            text="进展",
            progress=40,
            submit=True,
            today=TODAY,
        )
    page = sign_in(browser, live_server.url, "supervisor", **PHONE)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/review/")

    for box in page.locator("li.review-item input[type=checkbox]").all():
        box.check()
    screenshot(page, "review-queue-ticked-390")
    page.get_by_role("button", name="批量通过").click()

    expect(page.get_by_text("已通过 2 条进展反馈。")).to_be_visible()
    expect(page.locator("li.review-item")).to_have_count(0)
    assert console_errors == []
