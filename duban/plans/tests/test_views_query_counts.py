"""Pages not covered by their own query-count tests: the plan list, publishing, the dashboard's entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.services import plan_publish
from duban.test import make_plan

PAGES = {
    "plan list": ("supervisor", False, lambda plan: reverse("plans:list")),
    "publish": ("supervisor", False, lambda plan: reverse("tracking:publish", args=[plan.pk])),
    "dashboard home": ("leader", True, lambda plan: reverse("tracking:dashboard")),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_counts_are_the_same_for_plans_of_5_and_50_tasks(client, personas, settings, page):
    settings.DUBAN_TODAY = "2025-06-20"
    persona, publish, url = PAGES[page]

    def plan_of(tasks, title):
        plan = make_plan(personas.org, tasks=tasks, title=title)
        return plan_publish(plan=plan, by=personas.supervisor) if publish else plan

    client.force_login(getattr(personas, persona))
    small = plan_of(5, "小方案")
    client.get(url(small))
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url(small)).status_code in (200, 302)

    large = plan_of(50, "大方案")  # the plan list and the dashboard's newest plan now see this one too
    with CaptureQueriesContext(connection) as large_queries:
        assert client.get(url(large)).status_code in (200, 302)

    assert len(large_queries) == len(small_queries)
