"""The unit page reads the unit's own tasks (not the plan's), pages each list and counts them all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans import selectors as plan_selectors
from duban.tracking import rules, selectors
from duban.tracking.tests.helpers import TODAY, published_plan


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def url(plan, unit, query=""):
    return reverse("tracking:unit", args=[plan.pk, unit.pk]) + query


def listed(rows):
    return [(row.task.no, row.via) for row in rows]


@pytest.mark.parametrize("unit", ["basic_ed", "office", "finance", "all_departments"])
def test_the_unit_page_lists_what_the_plan_page_filtered_by_the_unit_lists(client, personas, unit):
    plan = published_plan(personas, tasks=12)
    chosen = getattr(personas, unit)
    everything = plan_selectors.plan_unit_tasks(
        plan=plan, unit=chosen, tasks=plan_selectors.plan_tasks(plan=plan)
    )
    client.force_login(personas.leader)

    response = client.get(url(plan, chosen))

    share = response.context["share"]
    assert listed(share.lead) == listed(everything.lead)
    assert listed(share.support) == listed(everything.support)
    assert (response.context["page"].lead_total, response.context["page"].support_total) == (
        len(everything.lead),
        len(everything.support),
    )


def test_the_lead_summary_counts_every_task_the_unit_leads_with_the_plans_statuses(client, personas):
    plan = published_plan(personas, tasks=12)
    lines = {line.task.pk: line.status for line in selectors.plan_task_lines(plan=plan, today=TODAY)}
    led = plan_selectors.plan_unit_tasks(
        plan=plan, unit=personas.basic_ed, tasks=plan_selectors.plan_tasks(plan=plan)
    ).lead
    client.force_login(personas.leader)

    summary = client.get(url(plan, personas.basic_ed)).context["lead_summary"]

    assert summary == rules.summarize((lines[row.task.pk] for row in led), today=TODAY)
    assert summary.total == 6


def walk(client, first, key):
    """The task numbers of one list, page after page, following its own 下一页 link."""
    pages, address = [], first
    while address:
        response = client.get(address)
        assert response.status_code == 200
        share = response.context["share"]
        pages.append([row.task.no for row in getattr(share, key)])
        following = response.context[f"{key}_pages"]["next"]
        address = first.split("?")[0] + following.split("#")[0] if following else None
    return pages


def test_each_list_of_a_long_unit_page_comes_a_page_at_a_time_with_its_full_count(
    client, personas, monkeypatch
):
    monkeypatch.setattr("duban.tracking.selectors.unit.PLAN_PAGE_SIZE", 4)
    plan = published_plan(personas, tasks=30)
    client.force_login(personas.leader)

    first = client.get(url(plan, personas.basic_ed))
    lead_pages = walk(client, url(plan, personas.basic_ed), "lead")
    support_pages = walk(client, url(plan, personas.basic_ed), "support")

    odd = [str(no) for no in range(1, 31, 2)]
    assert lead_pages == [odd[:4], odd[4:8], odd[8:12], odd[12:]]
    assert [no for page in support_pages for no in page] == ["6", "12", "18", "24", "30"]
    assert [len(page) for page in support_pages] == [4, 1]
    assert (first.context["page"].lead_total, first.context["page"].support_total) == (15, 5)
    assert '<span class="count">15</span>' in first.text and "下一页" in first.text


def test_paging_one_list_keeps_the_other_on_its_page(client, personas, monkeypatch):
    monkeypatch.setattr("duban.tracking.selectors.unit.PLAN_PAGE_SIZE", 2)
    plan = published_plan(personas, tasks=30)
    client.force_login(personas.leader)

    response = client.get(url(plan, personas.basic_ed, "?support=11&lead=4"))

    share = response.context["share"]
    assert [row.task.no for row in share.lead] == ["7", "9"]
    assert [row.task.no for row in share.support] == ["18", "24"]
    assert response.context["lead_pages"]["next"].startswith("?support=11&lead=8")
    assert response.context["support_pages"]["first"] == "?lead=4#support"


def test_a_page_past_the_end_says_so_and_leads_back(client, personas):
    plan = published_plan(personas, tasks=6)
    client.force_login(personas.leader)

    response = client.get(url(plan, personas.basic_ed, "?lead=500"))

    assert response.context["share"].lead == []
    assert "没有更多牵头的任务" in response.text and "回到第一页" in response.text


def test_a_page_of_a_long_unit_list_costs_the_queries_of_a_short_one(client, personas, monkeypatch):
    monkeypatch.setattr("duban.tracking.selectors.unit.PLAN_PAGE_SIZE", 3)
    short = published_plan(personas, tasks=5)
    long = published_plan(personas, tasks=60)
    client.force_login(personas.leader)
    client.get(url(short, personas.basic_ed))

    with CaptureQueriesContext(connection) as few:
        client.get(url(short, personas.basic_ed))
    counted = len(few)
    with CaptureQueriesContext(connection) as many:
        client.get(url(long, personas.basic_ed, "?lead=20&support=20"))

    assert len(many) == counted


def test_a_unit_page_reads_no_task_of_the_plan_outside_the_units_links(client, personas):
    plan = published_plan(personas, tasks=8)
    client.force_login(personas.leader)

    with CaptureQueriesContext(connection) as captured:
        client.get(url(plan, personas.finance))

    task_reads = [q["sql"] for q in captured.captured_queries if 'FROM "plans_task"' in q["sql"]]
    # Every read of the task table is narrowed by the unit's links or by the ids they gave.
    assert task_reads and all("plans_taskunit" in sql or '"plans_task"."id" IN' in sql for sql in task_reads)
