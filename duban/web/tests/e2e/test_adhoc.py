"""立项 in a real browser: a refusal beside its field, then the item in the year's list with its 通知单."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings

from duban.plans.models import AdhocItem
from duban.test import Personas
from duban.tracking import errors
from duban.web.tests.e2e.conftest import ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = "2025-07-10"


def test_a_supervisor_registers_an_item_after_a_refusal_and_downloads_its_notice(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    page = sign_in(browser, live_server.url, "supervisor", **DESKTOP)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/adhoc/")
    page.get_by_role("link", name="登记督办事项（立项）").click()

    page.get_by_label("督办事项").fill("整治校外培训机构违规办学")
    page.get_by_label("事项来源").select_option(label="会议议定事项")
    page.get_by_label("来源内容").fill("局党委会议定：由基教处牵头整治。")
    page.get_by_label("交办日期").fill("2025-07-01")
    page.get_by_label("完成时限").fill("2025-06-01")
    page.get_by_label("牵头单位").select_option(label="基础教育处")
    page.get_by_role("button", name="立项并生成通知单").click()
    expect(
        page.get_by_text(errors.ITEM_DEADLINE_BEFORE_ASSIGNED.format(assigned="2025-07-01"))
    ).to_be_visible()
    expect(page.get_by_label("督办事项")).to_have_value("整治校外培训机构违规办学")

    page.get_by_label("完成时限").fill("2025-08-31")
    page.get_by_role("button", name="立项并生成通知单").click()
    expect(page.get_by_role("heading", name="2025年督办事项")).to_be_visible()
    row = page.locator("#item-1")
    expect(row).to_contain_text("督办〔2025〕1号")
    expect(row).to_contain_text("会议议定事项")
    with page.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    screenshot(page, "adhoc-list")

    assert download.value.suggested_filename == "督办通知单（督办〔2025〕1号）.docx"
    assert AdhocItem.objects.get().task.deadline.isoformat() == "2025-08-31"  # type: ignore[union-attr]
    assert not console_errors
