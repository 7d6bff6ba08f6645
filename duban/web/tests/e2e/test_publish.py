"""Publishing in a real browser: the warnings before publishing read well on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings

from duban.test import Personas, make_plan
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = "2026-03-01"  # a year after the 2025 plan of duban.test


@pytest.mark.parametrize(
    ("name", "context"), [("1366", {"viewport": {"width": 1366, "height": 768}}), ("390", PHONE)]
)
def test_the_publish_page_warns_before_a_plan_goes_red_on_day_one(
    browser: Browser,
    live_server: Any,
    personas: Personas,
    console_errors: ConsoleErrors,
    name: str,
    context: dict[str, Any],
) -> None:
    plan = make_plan(personas.org, tasks=3)
    page = sign_in(browser, live_server.url, "supervisor", **context)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/plans/{plan.pk}/publish/")

    warnings = page.locator("section.publish-warnings")
    expect(warnings).to_contain_text("不是今年")
    expect(warnings).to_contain_text("计财处")
    screenshot(page, f"publish-warnings-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= context["viewport"]["width"]
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("方案已发布。")).to_be_visible()
    assert console_errors == []
