"""At a million tasks a page must read one plan's rows: no scan of a whole table of every organisation.

Proven on PostgreSQL by the planner's own words: every query a page runs is EXPLAINed, and every scan of the
section, unit and organisation tables must carry a condition (an index condition or a filter). A join that
hashes a whole table shows as a scan without one, whatever the table's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import Task
from duban.tracking.tests.helpers import TODAY, published_plan

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

# Tables that hold every organisation's rows and that the plan pages used to join whole.
GUARDED = {"plans_section", "accounts_unit", "accounts_organization"}


@pytest.fixture(autouse=True)
def _postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("plans are read through EXPLAIN on PostgreSQL (DATABASE_URL=postgres://…)")
    settings.DUBAN_TODAY = TODAY.isoformat()


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def whole_table_scans(sql: str) -> list[str]:
    """The guarded tables a query reads without any condition, by its EXPLAIN."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (row,) = cursor.fetchall()
    plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
    return [
        node["Relation Name"]
        for node in _nodes(plan[0]["Plan"])
        if node.get("Relation Name") in GUARDED
        and not any(key in node for key in ("Index Cond", "Filter", "Recheck Cond"))
    ]


def basic_ed(plan: Any) -> int:
    return int(plan.organization.units.get(name="基础教育处").pk)


PAGES = {
    "dashboard": ("leader", lambda plan: reverse("tracking:plan", args=[plan.pk])),
    "plan page": ("supervisor", lambda plan: reverse("plans:detail", args=[plan.pk])),
    "plan page, red tasks": (
        "supervisor",
        lambda plan: reverse("plans:detail", args=[plan.pk]) + "?light=red",
    ),
    "API task list": ("supervisor", lambda plan: reverse("api-v1:tasks_list") + f"?plan={plan.pk}"),
    "my tasks": ("liaison", lambda plan: reverse("tracking:my_tasks")),
    "unit page": (
        "leader",
        lambda plan: reverse(
            "tracking:unit", args=[plan.pk, plan.organization.units.get(name="基础教育处").pk]
        ),
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_no_query_of_the_page_scans_a_whole_section_unit_or_organisation_table(client, personas, page):
    persona, url = PAGES[page]
    plan = published_plan(personas, tasks=12)
    published_plan_elsewhere = published_plan  # another plan's rows are what a whole scan would read
    published_plan_elsewhere(personas, tasks=12)
    assert Task.objects.filter(plan=plan).exists()
    client.force_login(getattr(personas, persona))

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(plan)).status_code == 200

    selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert selects
    assert {sql: whole_table_scans(sql) for sql in selects if whole_table_scans(sql)} == {}
