"""The pages issue 19 added, looked at as people use them on the demo: the city's roll-up, a cascaded task's
change page, the link as each end sees it, the 考核 results and scheme; at 1366×768 and 390×844, with axe, no
console error and nothing scrolling sideways (the checks of test_journeys)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from duban.plans.models import CascadeLink, Plan
from duban.tracking.demo_load import DEMO_PASSWORD
from duban.web.tests.e2e.conftest import sign_in_with
from duban.web.tests.e2e.test_journeys import VIEWPORTS, _checker, _today, axe_source, demo

pytestmark = pytest.mark.browser
__all__ = ["_today", "axe_source", "demo"]  # fixtures shared with the journeys (the demo's today among them)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_citys_cascade_and_assessment_pages_read_well_on_desktop_and_phone(
    browser: Browser, live_server: Any, demo: Plan, axe_source: str, viewport: str
) -> None:
    links = CascadeLink.objects.filter(parent_task__plan=demo, organization__name="东阳县教育局")
    link = links.order_by("pk")[0]
    page = sign_in_with(browser, live_server.url, "supervisor", DEMO_PASSWORD, VIEWPORTS[viewport])
    check = _checker(page, axe_source, "city-supervisor", viewport)

    page.goto(f"{live_server.url}/tracking/plans/{demo.pk}/rollup/")
    expect(page.get_by_role("heading", name="下级组织排名")).to_be_visible()
    check("rollup")
    page.get_by_role("link", name="调整下达内容与指标").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("调整")
    check("cascade-change")
    page.goto(f"{live_server.url}/tracking/cascades/{link.pk}/")
    check("cascade-link")
    page.goto(f"{live_server.url}/assessment/plans/{demo.pk}/")
    expect(page.get_by_text("东阳县教育局").first).to_be_visible()
    check("assessment")
    page.goto(f"{live_server.url}/assessment/plans/{demo.pk}/scheme/")
    check("assessment-scheme")

    county = sign_in_with(browser, live_server.url, "dongyang_supervisor", DEMO_PASSWORD, VIEWPORTS[viewport])
    check = _checker(county, axe_source, "county-supervisor", viewport)
    county.goto(f"{live_server.url}/tracking/cascades/{link.pk}/")
    expect(county.get_by_role("heading", level=1)).to_be_visible()
    check("cascade-link")
