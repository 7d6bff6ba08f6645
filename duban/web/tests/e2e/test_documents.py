"""The task page's documents in a browser: 办结 refused while one is pending, then recorded with its file."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, expect
from pytest_django.fixtures import Settings

from duban.plans.models import DocumentRef, DocumentStatus, Plan, Task
from duban.test import Personas
from duban.tracking import errors
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.web.tests.e2e.conftest import ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas: Personas) -> Plan:
    return published_plan(personas, tasks=4)  # task 4 must issue 《第4号实施办法》; 办公室 leads it


def test_the_lead_unit_is_refused_completion_then_records_the_document_and_applies(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan, console_errors: ConsoleErrors
) -> None:
    four = Task.objects.get(plan=plan, no="4")
    page = sign_in(browser, live_server.url, "other_liaison", **DESKTOP)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/tracking/tasks/{four.pk}/")
    expect(page.get_by_text("尚未出台：《第4号实施办法》")).to_be_visible()

    completion = page.locator("form").filter(has=page.get_by_role("heading", name="申请办结（办公室）"))
    completion.locator("summary").click()
    completion.get_by_label("完成情况").fill("已全部完成。")
    completion.get_by_role("button", name="申请办结").click()
    expect(page.get_by_text(errors.DOCUMENTS_PENDING.format(titles="《第4号实施办法》"))).to_be_visible()

    record = page.locator("#documents ~ div form").first
    record.locator("summary").click()
    record.get_by_label("文号").fill("A教发〔2025〕4号")
    record.get_by_label("印发日期").fill("2025-06-12")
    issued: FilePayload = {"name": "实施办法.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}
    record.get_by_label("印发文件").set_input_files(files=[issued])
    record.get_by_role("button", name="登记出台").click()
    expect(page.get_by_text("已登记《第4号实施办法》出台。")).to_be_visible()
    expect(page.get_by_role("link", name="实施办法.pdf")).to_be_visible()
    assert DocumentRef.objects.get(task=four, deliverable=True).status == DocumentStatus.ISSUED
    screenshot(page, "task-document-issued")

    completion = page.locator("form").filter(has=page.get_by_role("heading", name="申请办结（办公室）"))
    completion.locator("summary").click()
    completion.get_by_label("完成情况").fill("已全部完成。")
    completion.get_by_role("button", name="申请办结").click()
    expect(page.get_by_text("办结申请已提交。")).to_be_visible()
    assert console_errors == []
