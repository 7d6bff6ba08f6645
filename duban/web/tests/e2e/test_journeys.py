"""A day's work for each role on the two-plan demo, at 1366×768 and 390×844.

The demo bureau holds its 2025 plan with half a year of history, and the founding plan (2019, 100 tasks):
the supervisor's journey imports it through the wizard and publishes it; the liaison's and the leader's
start with it imported and published by the same services. On every page: axe-core (from npm, run with
page.evaluate since the Content-Security-Policy forbids injected script tags) finds no violation, the
browser logs no error, nothing scrolls sideways on a phone, and a screenshot is saved under
artifacts/screenshots/journeys/ for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from duban.accounts.models import User
from duban.plans.models import Plan, PlanStatus, Task
from duban.plans.services import plan_import, plan_publish
from duban.testdata import FOUNDING_DOCUMENT
from duban.tracking.demo import DEMO_TODAY
from duban.tracking.demo_load import DEMO_PASSWORD, demo_load
from duban.web.tests.e2e.conftest import PHONE, ConsoleErrors, screenshot, sign_in_with

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
FOUNDING_TITLE = "2019年全市教育工作任务分解方案"


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = DEMO_TODAY.isoformat()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core as npm installed it (package.json pins it); a missing file fails, it is never skipped."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (axe-core is a devDependency in package.json)"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def demo(db: None) -> Plan:
    """The demo bureau with its 2025 plan played to 10 July."""
    result = demo_load()
    assert result.plan is not None
    return result.plan


@pytest.fixture
def founding(demo: Plan) -> Plan:
    """The founding plan imported into the demo bureau and published with the defaults."""
    supervisor = User.objects.get(username="supervisor")
    imported = plan_import(
        organization=demo.organization,
        content=FOUNDING_DOCUMENT.read_bytes(),
        filename=FOUNDING_DOCUMENT.name,
        imported_by=supervisor,
    )
    return plan_publish(plan=imported.plan, by=supervisor)


class Checker:
    """Checks every page a journey reaches: axe, console, width; and keeps its screenshot."""

    def __init__(self, page: Page, axe: str, name: str, width: int) -> None:
        self.page, self.axe, self.name, self.width = page, axe, name, width
        self.errors = ConsoleErrors()
        self.errors.watch(page)
        self.seen = 0

    def __call__(self, label: str, *, full_page: bool = True) -> None:
        page = self.page
        page.wait_for_load_state("load")
        page.evaluate(self.axe)
        violations = page.evaluate(
            """() => axe.run(document).then(result => result.violations.map(v => `${v.id}: `
                 + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""
        )
        self.seen += 1
        screenshot(page, f"journeys/{self.name}/{self.seen:02d}-{label}", full_page=full_page)
        assert violations == [], f"{label}: {violations}"
        assert self.errors == [], f"{label}: {list(self.errors)}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{label}: {width} px wide"


def _checker(page: Page, axe: str, role: str, viewport: str) -> Checker:
    return Checker(page, axe, f"{role}-{viewport}", VIEWPORTS[viewport]["viewport"]["width"])


def _hover_charts(page: Page) -> None:
    """Move over every chart so ECharts draws its tooltips (which must not break the CSP)."""
    for chart in page.locator("[data-chart][data-drawn=true]").all():
        box = chart.bounding_box()
        assert box is not None
        for share in (0.3, 0.5, 0.7):
            page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * 0.45)
            page.wait_for_timeout(120)


def test_a_liaisons_day_on_two_plans(
    browser: Browser, live_server: Any, founding: Plan, axe_source: str
) -> None:
    _liaison_reads(browser, live_server.url, axe_source, "phone")  # before the report changes the order
    _liaison_reports(browser, live_server.url, axe_source, "desktop")


def _liaison_reads(browser: Browser, url: str, axe: str, viewport: str) -> None:
    page = sign_in_with(browser, url, "liaison", DEMO_PASSWORD, VIEWPORTS[viewport])
    check = _checker(page, axe, "liaison", viewport)
    # The order itself (退回, red, due, yellow; urged first among equals) is tested in test_views_my_tasks.
    expect(page.locator("article.my-task").get_by_text("催办", exact=True).first).to_be_visible()
    check("my-tasks")
    page.locator("article.my-task").first.locator("summary").click()
    expect(page.locator("article.my-task").first.locator("form.report-form")).to_be_visible()
    check("report-form")
    page.get_by_role("navigation", name="按方案查看").get_by_role(
        "link", name=re.compile(FOUNDING_TITLE)
    ).click()
    expect(page.locator("section.my-plan")).to_have_count(1)
    check("my-tasks-founding")
    page.locator("article.my-task").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/tracking/tasks/\d+/$"))
    check("task")
    page.goto(f"{url}/tracking/notifications/")
    check("notifications")
    page.context.close()


def _liaison_reports(browser: Browser, live_url: str, axe: str, viewport: str) -> None:
    page = sign_in_with(browser, live_url, "liaison", DEMO_PASSWORD, VIEWPORTS[viewport])
    check = _checker(page, axe, "liaison", viewport)

    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    tabs = page.get_by_role("navigation", name="按方案查看")
    # 全部方案, the two plans and the year's 督办事项 (the demo's item 1 is led by 基础教育处), listed last.
    expect(tabs.get_by_role("link")).to_have_count(4)
    first_card = page.locator("article.my-task").first
    expect(first_card.get_by_text("催办", exact=True)).to_be_visible()  # the demo's 催办 on task 12
    check("my-tasks")

    tabs.get_by_role("link", name=re.compile(FOUNDING_TITLE)).click()
    expect(page.locator("section.my-plan")).to_have_count(1)
    expect(page.locator("section.my-plan h2")).to_contain_text(FOUNDING_TITLE)
    check("my-tasks-founding")

    page.get_by_role("link", name="全部方案").click()
    card = page.locator("article.my-task").first
    card.locator("summary").click()
    form = card.locator("form.report-form")
    form.get_by_label("进展情况").fill("特殊教育资源中心已完成选址，7月底前开工。")
    form.get_by_label("进度（%）").fill("55")
    expect(form.get_by_text("草稿已保存")).to_be_visible()
    check("report-draft")
    form.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("进展反馈已提交，等待审核。")).to_be_visible()
    check("report-submitted")

    page.locator("article.my-task").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/tracking/tasks/\d+/$"))
    check("task")

    page.goto(f"{live_url}/tracking/notifications/")
    check("notifications")
    page.goto(f"{live_url}/plans/")
    check("plans")
    page.get_by_role("link", name=FOUNDING_TITLE).first.click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    check("founding-plan")
    page.context.close()


def test_a_leaders_day_on_two_plans(
    browser: Browser, live_server: Any, demo: Plan, founding: Plan, axe_source: str
) -> None:
    for viewport in VIEWPORTS:
        _leader(browser, live_server.url, axe_source, viewport, demo, founding)


def _leader(browser: Browser, live_url: str, axe: str, viewport: str, demo: Plan, founding: Plan) -> None:
    page = sign_in_with(browser, live_url, "leader", DEMO_PASSWORD, VIEWPORTS[viewport])
    check = _checker(page, axe, "leader", viewport)

    # The current year's plan first; its title is the heading.
    page.wait_for_url(re.compile(rf"/tracking/plans/{demo.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    expect(page.locator("[data-chart][data-drawn=true]")).to_have_count(4)
    expect(page.locator(".kpis")).to_contain_text("目标指标达到序时")
    _hover_charts(page)
    check("dashboard")

    page.get_by_label("切换方案").select_option(str(founding.pk))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(rf"/tracking/plans/{founding.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FOUNDING_TITLE)
    _hover_charts(page)
    check("dashboard-founding")
    # The logo and 总览 open the plan just chosen.
    page.locator("a.brand").click()  # the logo
    page.wait_for_url(re.compile(rf"/tracking/plans/{founding.pk}/$"))
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="总览").click()
    page.wait_for_url(re.compile(rf"/tracking/plans/{founding.pk}/$"))

    page.get_by_label("切换方案").select_option(str(demo.pk))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(rf"/tracking/plans/{demo.pk}/$"))
    if viewport == "desktop":
        # A click on a category label leads where its bar does: the section's tasks.
        chart = page.locator("[data-chart=sections]")
        box = chart.bounding_box()
        assert box is not None
        page.wait_for_timeout(800)  # the animation lays the labels out
        # The first label sits left of the grid, level with its bar: ECharts says where both are.
        x, y = chart.evaluate(
            """element => {
                const chart = echarts.getInstanceByDom(element);
                const grid = chart.getModel().getComponent("grid").coordinateSystem.getRect();
                const y = chart.convertToPixel({ yAxisIndex: 0 }, 0);
                return [grid.x - 30, y];
            }"""
        )
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_url(re.compile(r"section=\d+"))
        check("section-from-label")
        page.go_back()
        page.wait_for_url(re.compile(rf"/tracking/plans/{demo.pk}/$"))

    page.get_by_role("link", name=re.compile(r"^红灯 \d+ 项$")).click()
    page.wait_for_url(re.compile(r"light=red"))
    check("red-tasks")
    page.locator("table a[href*='/tracking/tasks/']").first.click()
    page.wait_for_url(re.compile(r"/tracking/tasks/\d+/$"))
    check("task")
    page.goto(f"{live_url}/tracking/plans/{demo.pk}/matrix/")
    check("matrix")
    page.context.close()


def test_a_supervisors_day_imports_the_founding_plan_and_reviews(
    browser: Browser, live_server: Any, demo: Plan, axe_source: str
) -> None:
    _supervisor_reads_on_a_phone(browser, live_server.url, axe_source, demo)
    _supervisor_imports(browser, live_server.url, axe_source, demo)


def _supervisor_reads_on_a_phone(browser: Browser, live_url: str, axe: str, demo: Plan) -> None:
    page = sign_in_with(browser, live_url, "supervisor", DEMO_PASSWORD, PHONE)
    check = _checker(page, axe, "supervisor", "phone")
    check("dashboard")
    page.goto(f"{live_url}/tracking/review/")
    check("review")
    page.goto(f"{live_url}/tracking/tasks/{Task.objects.get(plan=demo, no='12').pk}/")
    check("task")
    page.goto(f"{live_url}/import/")
    page.get_by_label("方案文件").set_input_files(FOUNDING_DOCUMENT)
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"), timeout=60_000)
    check("import-review", full_page=False)
    page.get_by_role("button", name="放弃这次导入").click()
    page.goto(f"{live_url}/reports/{demo.pk}/circular/?period=六月")
    check("circular-bad-period")
    page.context.close()


def _supervisor_imports(browser: Browser, live_url: str, axe: str, demo: Plan) -> None:
    page = sign_in_with(browser, live_url, "supervisor", DEMO_PASSWORD, DESKTOP)
    check = _checker(page, axe, "supervisor", "desktop")
    check("dashboard")

    page.goto(f"{live_url}/tracking/review/")
    item = page.locator("li.review-item").first
    expect(item).to_be_visible()
    check("review")
    item.get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过。")).to_be_visible()

    task = Task.objects.get(plan=demo, no="12")
    page.goto(f"{live_url}/tracking/tasks/{task.pk}/")
    expect(page.get_by_role("link", name="调整完成时限")).to_be_visible()
    check("task")

    page.goto(f"{live_url}/import/")
    check("import-upload")
    page.get_by_label("方案文件").set_input_files(FOUNDING_DOCUMENT)
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"), timeout=60_000)
    expect(page.locator("form.task-edit").first).to_be_visible()
    check("import-review", full_page=False)
    # The source pane follows the task being edited.
    page.locator("form.task-edit").nth(5).get_by_label("主要工作").focus()
    expect(page.locator(".source .source-current")).to_contain_text("督促指导临海")
    check("import-review-source", full_page=False)
    page.get_by_role("link", name="含新单位").click()
    page.get_by_role("link", name="紧凑列表").click()
    expect(page.locator("table.draft-compact tbody tr").first).to_contain_text("新单位")
    check("import-compact-new-units")
    page.get_by_role("link", name="全部任务").click()
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_url(re.compile(r"/tracking/plans/\d+/publish/$"))
    check("publish")
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_url(re.compile(r"/tracking/plans/\d+/$"))
    expect(page.get_by_text("方案已发布。")).to_be_visible()
    founding = Plan.objects.get(title=FOUNDING_TITLE)
    assert founding.status == PlanStatus.PUBLISHED
    _hover_charts(page)
    check("founding-dashboard")

    page.goto(f"{live_url}/plans/{founding.pk}/")
    check("founding-plan")
    page.goto(f"{live_url}/reports/{demo.pk}/circular/draft/")
    check("circular-draft")
    page.goto(f"{live_url}/reports/{demo.pk}/circular/?period=六月")
    expect(page.get_by_label("请选择期间")).to_be_visible()  # a picker, not a bare error
    check("circular-bad-period")
    page.get_by_label("请选择期间").select_option("2025-Q2")
    with page.expect_download() as download:
        page.get_by_role("button", name="重新生成").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.context.close()
