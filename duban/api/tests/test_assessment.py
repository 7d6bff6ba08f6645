"""考核 through the API: the scheme checked whole with messages by field, results with their breakdown."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.api.tests.conftest import bearer
from duban.assessment.tests.conftest import TODAY, assessed_plan
from duban.test import Personas
from duban.tracking.services.reports import report_save
from duban.tracking.tests.cascade_helpers import cascaded
from duban.tracking.tests.helpers import published_plan, task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def test_a_scheme_whose_weights_do_not_add_up_is_refused_field_by_field(personas: Personas):
    plan = assessed_plan(personas)
    client = Client(headers=bearer(personas.supervisor))
    scheme = client.get(f"/api/v1/plans/{plan.pk}/assessment/scheme").json()
    scheme["items"][0]["weight"] += 5

    answer = client.put(f"/api/v1/plans/{plan.pk}/assessment/scheme", scheme, content_type="application/json")

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == {"items": "考核项目的权重合计须为100，现为105。"}
    assert client.get(f"/api/v1/plans/{plan.pk}/assessment/scheme").json()["items"][0]["weight"] == 20


def test_the_results_give_each_units_place_and_the_figures_behind_its_score(personas: Personas):
    plan = assessed_plan(personas)
    client = Client(headers=bearer(personas.leader))

    body = client.get(f"/api/v1/plans/{plan.pk}/assessment/results").json()

    assert body["periods"] == ["一季度", "二季度"]
    first = body["units"][0]
    assert (first["name"], first["rank"], first["tied"]) == ("基础教育处", 1, False)
    reports = first["periods"][0]["items"][0]
    assert (reports["label"], reports["part"], reports["whole"], reports["source"]) == (
        "按时报送率",
        "2",
        9,
        "2/9 期（22.22%）",
    )
    assert "各处室" not in {unit["name"] for unit in body["units"]}


def test_a_supervisor_rates_a_report_when_approving_it_through_the_api(personas: Personas):
    plan = published_plan(personas, tasks=2)
    report = report_save(
        task=task(plan, 1), unit=personas.basic_ed, by=personas.liaison, text="进展", progress=30, submit=True
    )
    client = Client(headers=bearer(personas.supervisor))

    answer = client.post(
        f"/api/v1/reports/{report.pk}/review",
        {"verdict": "approve", "quality": "excellent"},
        content_type="application/json",
    )

    assert answer.status_code == 200 and answer.json()["quality"] == "excellent"


def test_the_results_rank_the_counties_that_received_the_plans_tasks_on_their_own_figures(
    personas: Personas,
):
    city = cascaded(personas, 2)
    client = Client(headers=bearer(personas.leader))

    body = client.get(f"/api/v1/plans/{city.plan.pk}/assessment/results").json()

    counties = {row["name"]: row for row in body["organizations"]}
    assert set(counties) == {county.name for county in city.counties}
    totals = {row["total"] for row in counties.values()}
    assert [row["rank"] for row in body["organizations"]] == ([1, 1] if len(totals) == 1 else [1, 2])
    for row in counties.values():
        assert row["kind"] == "organization"
        completion = next(i for p in row["periods"] for i in p["items"] if i["kind"] == "completion")
        assert (completion["part"], completion["whole"]) == ("0", 1)  # its one 承接任务, not the city's four
