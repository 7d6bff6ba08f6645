"""My tasks on a big plan: each list a page of cards at a time, in the same order, with its full count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import Settings

from duban.test import Personas
from duban.tracking.services.reports import report_return, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task

PAGE_SIZE = "duban.tracking.selectors.MY_TASKS_PAGE_SIZE"


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


def numbers(response: Any, key: str, plan_index: int = 0) -> list[str]:
    _, parts = response.context["groups"][plan_index]
    part = next(part for part in parts if part.key == key)
    return [item.row.task.no for item, _ in part.cards]


def walk(client: Client, key: str, query: str = "") -> list[list[str]]:
    """One list's cards page after page, following its own 下一页 link."""
    pages, address = [], reverse("tracking:my_tasks") + query
    while address:
        response = client.get(address)
        assert response.status_code == 200
        pages.append(numbers(response, key))
        _, parts = response.context["groups"][0]
        following = next(part for part in parts if part.key == key).next_url
        address = reverse("tracking:my_tasks") + following.split("#")[0] if following else ""
    return pages


def test_a_long_list_comes_a_page_at_a_time_in_the_order_of_the_whole_list(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = published_plan(personas, tasks=30)  # 基教处 leads the 15 odd tasks, supports 5 through 各处室
    report = report_save(
        task=task(plan, 21),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=10,
        submit=True,
        today=TODAY,
    )
    report_return(report=report, by=personas.supervisor, reason="请补充数据。")
    client.force_login(personas.liaison)
    whole = numbers(client.get(reverse("tracking:my_tasks")), "lead")
    monkeypatch.setattr(PAGE_SIZE, 4)

    pages = walk(client, "lead")
    first = client.get(reverse("tracking:my_tasks"))

    assert [len(page) for page in pages] == [4, 4, 4, 3]
    assert [no for page in pages for no in page] == whole and whole[0] == "21"  # returned: first
    assert '牵头的任务 <span class="count">15</span>' in first.text
    assert "第 1–4 项，共 15 项" in first.text
    assert len(first.context["due"]) == 20  # every card of both lists, not only those shown


def test_paging_one_list_keeps_the_other_on_its_page(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PAGE_SIZE, 2)
    plan = published_plan(personas, tasks=30)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"), {"plan": plan.pk, "lead": 3, "support": 2})

    _, (lead, support) = response.context["groups"][0]
    assert (lead.first, lead.last, support.first, support.last) == (5, 6, 3, 4)
    assert lead.next_url == f"?plan={plan.pk}&support=2&lead=4#my-plan-{plan.pk}-lead"
    assert support.previous_url == f"?plan={plan.pk}&lead=3#my-plan-{plan.pk}-support"


def test_on_every_plan_each_list_pages_into_its_plans_tab(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PAGE_SIZE, 2)
    published_plan(personas, tasks=10)
    newer = published_plan(personas, tasks=10)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"), {"lead": 2})  # no plan chosen: first pages

    _, (lead, _) = response.context["groups"][0]
    assert lead.first == 1
    assert lead.next_url == f"?plan={newer.pk}&lead=2#my-plan-{newer.pk}-lead"


def test_a_page_past_the_end_says_so_and_leads_back(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PAGE_SIZE, 2)
    plan = published_plan(personas, tasks=6)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"), {"plan": plan.pk, "lead": 40})

    _, (lead, _) = response.context["groups"][0]
    assert lead.cards == []
    assert "没有更多牵头的任务。" in response.text
    assert lead.previous_url == f"?plan={plan.pk}&lead=2#my-plan-{plan.pk}-lead"


def draft(personas: Personas, plan: Any, no: int) -> None:
    report_save(task=task(plan, no), unit=personas.basic_ed, by=personas.liaison, text="草稿", today=TODAY)


def test_a_later_page_of_a_long_list_with_drafts_costs_the_queries_of_a_short_one(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PAGE_SIZE, 3)
    short = published_plan(personas, tasks=6)
    draft(personas, short, 1)
    client.force_login(personas.liaison)
    client.get(reverse("tracking:my_tasks"), {"plan": short.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tracking:my_tasks"), {"plan": short.pk})
    counted = len(few)

    long = published_plan(personas, tasks=60)
    for no in (1, 3, 5, 7, 9, 11, 13, 15):
        draft(personas, long, no)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("tracking:my_tasks"), {"plan": long.pk, "lead": 2})

    assert len(many) == counted
    assert response.text.count('class="report-form"') == 3  # the drafts of the page, open with their forms
