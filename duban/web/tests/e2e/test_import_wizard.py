"""A supervisor imports the founding document through the wizard in a real browser, then reads the plan."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from duban.plans.models import Plan, PlanStatus, Task, TaskUnitRole
from duban.test import Personas, make_plan
from duban.testdata import FOUNDING_DOCUMENT
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_supervisor_imports_the_founding_document_correcting_one_unit_then_publishes_it(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    page = sign_in(browser, live_server.url, "supervisor", viewport={"width": 1440, "height": 900})
    console_errors.watch(page)
    screenshot(page, "plan-list-empty")

    page.get_by_role("link", name="导入", exact=True).click()
    screenshot(page, "import-upload")
    page.get_by_label("方案文件").set_input_files(FOUNDING_DOCUMENT)
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"), timeout=60_000)
    # A page of tasks at a time, each row a form of its own.
    expect(page.locator("form.task-edit")).to_have_count(50)
    expect(page.get_by_text("第 1/2 页")).to_have_count(2)
    screenshot(page, "import-review", full_page=False)

    first = page.locator("form.task-edit").first
    expect(first.get_by_role("button", name="并入上一项")).to_have_count(0)
    lead = first.get_by_role("group", name="牵头单位").get_by_role("combobox").first
    lead.fill("督导处")  # the document says 办公室
    first.get_by_role("button", name="保存").click()
    expect(page.locator("form.task-edit").first.get_by_text("已保存")).to_be_visible()
    expect(page.locator("form.task-edit").first.get_by_role("button", name="并入上一项")).to_have_count(0)
    page.locator("form.task-edit").nth(8).scroll_into_view_if_needed()
    screenshot(page, "import-review-tasks", full_page=False)
    page.get_by_role("link", name="下一页").first.click()
    expect(page.locator("form.task-edit").first.locator("legend")).to_have_text("任务 51")

    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_url(re.compile(r"/tracking/plans/\d+/publish/$"))
    expect(page.get_by_text("已导入方案")).to_be_visible()
    screenshot(page, "import-publish", full_page=False)
    page.get_by_label("报送周期").select_option("monthly")
    page.get_by_label("每期报送日").fill("25")
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_url(re.compile(r"/tracking/plans/\d+/$"))
    expect(page.get_by_text("方案已发布。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("2019年全市教育工作任务分解方案")
    page.get_by_role("link", name="全部任务", exact=True).click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    screenshot(page, "plan-detail", full_page=False)

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.tasks.count() == 100
    task = Task.objects.get(plan=plan, position=0)
    assert [u.name for u in task.units_in_role(TaskUnitRole.LEAD)] == ["督导处"]
    assert console_errors == []


def test_the_plan_page_reads_on_a_phone(
    browser: Browser, live_server: Any, personas: Personas, console_errors: ConsoleErrors
) -> None:
    plan = make_plan(personas.org, tasks=12)
    page = sign_in(browser, live_server.url, "liaison", **PHONE)
    console_errors.watch(page)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    # Nothing may make the page scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "plan-detail-phone")
    assert console_errors == []


def test_static_assets_are_served_by_duban_itself(
    browser: Browser, live_server: Any, personas: Personas
) -> None:
    page = sign_in(browser, live_server.url, "supervisor")
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{live_server.url}/import/")
    assert page.evaluate("typeof window.htmx") == "object"
    assert all(url.startswith(live_server.url) for url in urls), urls
