"""The task list: keyset pages by an opaque cursor, offset still accepted, queries constant in size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.api.tests.conftest import as_persona
from duban.plans.services import plan_publish
from duban.test import make_plan


@pytest.fixture
def leader(personas):
    return as_persona(personas, "leader")


def published(personas, tasks, title):
    return plan_publish(plan=make_plan(personas.org, tasks=tasks, title=title), by=personas.supervisor)


def numbers(body):
    return [item["no"] for item in body["items"]]


def test_pages_follow_each_other_by_cursor_to_the_end(personas, leader):
    plan = published(personas, 7, "七项")
    url = f"/api/v1/tasks?plan={plan.pk}&limit=3"

    first = leader.get(url).json()
    second = leader.get(f"{url}&cursor={first['next_cursor']}").json()
    third = leader.get(f"{url}&cursor={second['next_cursor']}").json()

    assert (numbers(first), numbers(second), numbers(third)) == (["1", "2", "3"], ["4", "5", "6"], ["7"])
    assert first["count"] == second["count"] == 7
    assert third["next_cursor"] is None


def test_offset_still_pages_as_before(personas, leader):
    plan = published(personas, 7, "七项")

    body = leader.get(f"/api/v1/tasks?plan={plan.pk}&limit=2&offset=4").json()

    assert numbers(body) == ["5", "6"] and body["count"] == 7 and body["next_cursor"]


def test_a_cursor_pages_across_plans_in_plan_order(personas, leader):
    first, second = published(personas, 2, "甲"), published(personas, 2, "乙")

    page = leader.get("/api/v1/tasks?limit=3").json()
    rest = leader.get(f"/api/v1/tasks?limit=3&cursor={page['next_cursor']}").json()

    assert [item["plan_id"] for item in page["items"] + rest["items"]] == [first.pk] * 2 + [second.pk] * 2


def test_a_light_filter_pages_by_cursor_and_counts_every_match(personas, leader):
    plan = published(personas, 9, "九项")
    everything = leader.get(f"/api/v1/tasks?plan={plan.pk}&limit=200").json()["items"]
    light = everything[0]["status"]["light"]
    expected = [item["no"] for item in everything if item["status"]["light"] == light]

    seen, cursor = [], ""
    while True:
        body = leader.get(f"/api/v1/tasks?plan={plan.pk}&light={light}&limit=2{cursor}").json()
        assert body["count"] == len(expected)
        seen += numbers(body)
        if body["next_cursor"] is None:
            break
        cursor = f"&cursor={body['next_cursor']}"

    assert seen == expected


# "WzEsMl0" is a well-formed key, [1, 2], made by hand: unsigned, so refused like the rest.
@pytest.mark.parametrize("cursor", ["nonsense", "WzEsMl0x", "WyJhIiwyXQ", "WzEsMl0", "WzEsMl0.forged"])
def test_a_cursor_the_api_did_not_make_is_refused_as_invalid(personas, leader, cursor):
    response = leader.get(f"/api/v1/tasks?cursor={cursor}")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("query", ["", "&light=red", "&state=not_started", "&q=学位"])
def test_its_query_count_does_not_grow_with_the_number_of_tasks(personas, leader, query):
    small, large = published(personas, 5, "小方案"), published(personas, 60, "大方案")
    leader.get(f"/api/v1/tasks?plan={small.pk}{query}")  # warm up

    with CaptureQueriesContext(connection) as small_queries:
        assert leader.get(f"/api/v1/tasks?plan={small.pk}{query}").status_code == 200
    with CaptureQueriesContext(connection) as large_queries:
        assert leader.get(f"/api/v1/tasks?plan={large.pk}{query}&limit=200").status_code == 200

    assert len(large_queries) == len(small_queries)
