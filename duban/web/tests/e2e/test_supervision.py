"""The supervision cycle in a real browser: report, return, revise, approve; the dashboard; a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from duban.plans.models import Plan, Task
from duban.test import Personas
from duban.tracking.models import ProgressReport, ReportStatus
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas: Personas) -> Plan:
    """A published plan of 8 tasks where task 5 reported on pace and was approved."""
    plan = published_plan(personas, tasks=8)
    five = Task.objects.select_related("plan").get(plan=plan, no="5")
    report = report_save(
        task=five,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="按计划推进。",
        progress=50,
        submit=True,
        today=TODAY,
    )
    report_approve(report=report, by=personas.supervisor)
    return plan


def _report_form(page: Page, no: str) -> Any:
    card = page.locator("article.my-task").filter(
        has=page.get_by_role("link", name=f"第 {no} 项", exact=True)
    )
    if card.locator("details").get_attribute("open") is None:
        card.locator("summary").click()
    return card.locator("form.report-form")


def test_a_liaison_reports_the_supervisor_returns_it_the_liaison_revises_and_it_is_approved(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan, console_errors: ConsoleErrors
) -> None:
    liaison = sign_in(browser, live_server.url, "liaison", **DESKTOP)
    console_errors.watch(liaison)
    liaison.get_by_role("link", name="我的任务").click()
    form = _report_form(liaison, "1")
    form.get_by_label("进展情况").fill("已完成调研，正在起草实施办法。")
    form.get_by_label("进度（%）").fill("30")
    expect(form.get_by_text("草稿已保存")).to_be_visible()  # saved as one types
    screenshot(liaison, "my-tasks")
    form.get_by_role("button", name="提交审核").click()
    expect(liaison.get_by_text("进展反馈已提交，等待审核。")).to_be_visible()

    supervisor = sign_in(browser, live_server.url, "supervisor", **DESKTOP)
    console_errors.watch(supervisor)
    supervisor.get_by_role("link", name="审核").click()
    item = supervisor.locator("li.review-item").first
    item.get_by_role("button", name="退回").click()
    expect(item.get_by_text("请填写理由。")).to_be_visible()  # beside the field, in place
    supervisor.locator("li.review-item").first.get_by_label("审核意见（退回时必填）").fill(
        "请补充新增学位数。"
    )
    supervisor.locator("li.review-item").first.get_by_role("button", name="退回").click()
    expect(supervisor.get_by_text("已退回。")).to_be_visible()
    screenshot(supervisor, "review-returned")

    liaison.goto(f"{live_server.url}/tracking/")
    form = _report_form(liaison, "1")
    expect(form.get_by_text("请补充新增学位数。")).to_be_visible()
    form.get_by_label("进展情况").fill("已完成调研，新增学位 120 个。")
    form.get_by_label("新增学位").fill("120")
    form.get_by_role("button", name="修改后重新提交").click()
    expect(liaison.get_by_text("进展反馈已提交，等待审核。")).to_be_visible()

    supervisor.goto(f"{live_server.url}/tracking/review/")
    expect(supervisor.get_by_text("修改后重新报送")).to_be_visible()
    supervisor.locator("li.review-item").first.get_by_role("button", name="通过").click()
    expect(supervisor.get_by_text("已通过。")).to_be_visible()

    one = Task.objects.get(plan=plan, no="1")
    statuses = list(ProgressReport.objects.filter(task=one).order_by("pk").values_list("status", flat=True))
    assert statuses == [ReportStatus.RETURNED, ReportStatus.APPROVED]
    assert one.progress == 30
    supervisor.goto(f"{live_server.url}/tracking/tasks/{one.pk}/")
    expect(supervisor.get_by_role("heading", name="第 1 项任务")).to_be_visible()
    screenshot(supervisor, "task-detail")
    assert console_errors == []


def test_the_dashboard_draws_its_charts_without_console_errors(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan, console_errors: ConsoleErrors
) -> None:
    page = sign_in(browser, live_server.url, "leader", **DESKTOP)
    console_errors.watch(page)

    page.get_by_role("link", name="总览").click()
    page.wait_for_url(re.compile(rf"/tracking/plans/{plan.pk}/$"))
    expect(page.locator("[data-chart][data-drawn=true]")).to_have_count(4)
    for chart in page.locator("[data-chart]").all():
        expect(chart.locator("canvas")).to_have_count(1)
    page.wait_for_timeout(600)  # let the animations finish before the picture
    screenshot(page, "dashboard")

    page.get_by_role("link", name="红灯 8 项").click()  # the list under the pie leads to the same tasks
    page.wait_for_url(re.compile(r"light=red"))
    expect(page.locator("table.tasks tbody tr")).to_have_count(8)  # mid-June, every task missed cycles
    page.goto(f"{live_server.url}/tracking/plans/{plan.pk}/matrix/")
    screenshot(page, "matrix")
    assert console_errors == []


def test_my_tasks_fits_a_phone(
    browser: Browser, live_server: Any, personas: Personas, plan: Plan, console_errors: ConsoleErrors
) -> None:
    page = sign_in(browser, live_server.url, "liaison", **PHONE)
    console_errors.watch(page)

    for path in ("/tracking/", f"/plans/{plan.pk}/", f"/tracking/plans/{plan.pk}/"):
        page.goto(f"{live_server.url}{path}")
        # Nothing may make the page scroll sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{live_server.url}/tracking/")
    _report_form(page, "1")
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    screenshot(page, "my-tasks-phone")
    assert console_errors == []
