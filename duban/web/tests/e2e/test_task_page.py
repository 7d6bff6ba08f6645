"""The task page's forms and the API token page in a real browser: errors in place, no console errors."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, expect
from pytest_django.fixtures import Settings

from duban.plans.models import Plan, Task
from duban.test import Personas
from duban.tracking.forms import EXTENSION_DATE_REQUIRED
from duban.tracking.models import CompletionRequest
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.web.tests.e2e.conftest import ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas: Personas) -> Plan:
    return published_plan(personas, tasks=4)


def test_a_lead_unit_is_told_beside_the_field_then_applies_for_completion(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan, console_errors: ConsoleErrors
) -> None:
    one = Task.objects.get(plan=plan, no="1")
    page = sign_in(browser, live_server.url, "liaison", **DESKTOP)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/tasks/{one.pk}/")

    extension = page.locator("form").filter(has=page.get_by_role("heading", name="申请延期（基础教育处）"))
    extension.locator("summary").click()  # folded beside the report form until opened
    extension.get_by_label("理由").fill("经费未到位。")
    extension.get_by_role("button", name="申请延期").click()
    expect(page.get_by_text(EXTENSION_DATE_REQUIRED)).to_be_visible()  # in place, beside the date
    expect(page.get_by_label("理由").last).to_have_value("经费未到位。")

    completion = page.locator("form").filter(has=page.get_by_role("heading", name="申请办结（基础教育处）"))
    completion.locator("summary").click()
    completion.get_by_label("完成情况").fill("已全部完成。")
    evidence: FilePayload = {
        "name": "验收报告.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4 done",
    }
    completion.get_by_label("佐证材料").set_input_files(files=[evidence])
    completion.get_by_role("button", name="申请办结").click()
    expect(page.get_by_text("办结申请已提交。")).to_be_visible()
    assert CompletionRequest.objects.get().attachments.get().name == "验收报告.pdf"
    screenshot(page, "task-completion-requested")
    assert console_errors == []


def test_a_user_creates_an_api_token_sees_it_once_and_revokes_it(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    page = sign_in(browser, live_server.url, "leader", **DESKTOP)
    console_errors.watch(page)
    page.get_by_role("link", name=personas.leader.display_name).click()
    page.get_by_role("link", name="API 令牌").click()

    page.get_by_label("名称").fill("OA 对接")
    page.get_by_role("button", name="创建令牌").click()
    expect(page.locator("code.secret")).to_contain_text("dbn_")
    screenshot(page, "api-tokens")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="撤销").click()
    expect(page.get_by_text("令牌“OA 对接”已撤销")).to_be_visible()
    expect(page.locator("code.secret")).to_have_count(0)
    assert console_errors == []


def test_on_a_phone_the_targets_keep_readable_columns_and_scroll_sideways(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan
) -> None:
    one = Task.objects.get(plan=plan, no="1")
    page = sign_in(browser, live_server.url, "liaison", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tracking/tasks/{one.pk}/")

    metric = page.locator("table.targets tbody td").first
    box = metric.bounding_box()
    assert box is not None and box["width"] >= 80  # 新增学位 on one line, not a character a line
    scroll = page.locator(".table-scroll:has(table.targets)")
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth")  # the wrapper scrolls, not the page
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    screenshot(page, "task-targets-phone")
