"""考核 through the API: the scheme checked whole with messages by field, results with their breakdown."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.accounts.models import Organization
from duban.api.tests.conftest import bearer
from duban.assessment.models import AssessmentEntry
from duban.assessment.tests.conftest import TODAY, assessed_plan
from duban.test import Personas, make_hierarchy, make_plan
from duban.tracking.services.cascade import tasks_cascade
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


def _county_entry(**subject: int) -> dict[str, object]:
    return {
        **subject,
        "kind": "bonus",
        "points": "1.5",
        "reason": "承接任务推进有力。",
        "evidence_kind": "praise",
        "evidence": "市政府督查通报第5期",
        "occurred_on": "2025-06-18",
    }


def test_a_supervisor_gives_a_county_points_and_its_result_counts_them(personas: Personas):
    city = cascaded(personas, 2)
    county = city.counties[0]
    client = Client(headers=bearer(personas.supervisor))
    path = f"/api/v1/plans/{city.plan.pk}/assessment/entries"

    created = client.post(path, _county_entry(subordinate_id=county.pk), content_type="application/json")

    assert created.status_code == 201, created.content
    assert created.json()["unit"] is None
    assert created.json()["subordinate"] == {"id": county.pk, "name": county.name}
    assert [e["subordinate"]["name"] for e in client.get(path).json()] == [county.name]
    body = client.get(f"/api/v1/plans/{city.plan.pk}/assessment/results").json()
    row = next(r for r in body["organizations"] if r["name"] == county.name)
    assert row["bonus"] == "1.50"
    assert row["adjustments"] == [
        {"points": "1.50", "veto": False, "reason": "加分：承接任务推进有力。（表扬，市政府督查通报第5期）"}
    ]


def test_an_entry_on_no_subject_both_subjects_or_a_county_without_tasks_is_refused(personas: Personas):
    city = cascaded(personas, 1)
    idle = Organization.objects.create(name="未承接县教育局", parent=personas.org)
    client = Client(headers=bearer(personas.supervisor))
    path = f"/api/v1/plans/{city.plan.pk}/assessment/entries"
    cases: tuple[tuple[dict[str, int], dict[str, str]], ...] = (
        ({}, {"unit_id": "请选择一个被考核的单位或下级组织（二者选一）。"}),
        (
            {"unit_id": personas.basic_ed.pk, "subordinate_id": city.counties[0].pk},
            {"unit_id": "请选择一个被考核的单位或下级组织（二者选一）。"},
        ),
        (
            {"subordinate_id": idle.pk},
            {"subordinate_id": "该下级组织没有承接本方案的任务，不参加本方案的考核。"},
        ),
    )

    for subject, fields in cases:
        answer = client.post(path, _county_entry(**subject), content_type="application/json")
        assert answer.status_code == 422, subject
        assert answer.json()["error"]["fields"] == fields
    # Another organisation, not below the plan's: unknown here, as another organisation's unit is.
    foreign = client.post(
        path, _county_entry(subordinate_id=personas.other_org.pk), content_type="application/json"
    )
    assert foreign.status_code == 404
    assert AssessmentEntry.objects.count() == 0


def test_a_county_whose_plan_is_a_draft_comes_with_the_reason_and_no_score(personas: Personas):
    plan = assessed_plan(personas)
    hierarchy = make_hierarchy(personas)
    tasks_cascade(tasks=[task(plan, 2)], organizations=[hierarchy.county], by=personas.supervisor)

    body = Client(headers=bearer(personas.leader)).get(f"/api/v1/plans/{plan.pk}/assessment/results").json()

    (county,) = body["organizations"]
    assert (county["name"], county["rank"], county["total"], county["grade"]) == (
        "甲县教育局",
        None,
        None,
        "",
    )
    assert county["exclusion"] == "未签收，承接方案尚未发布，不参加排名"
    assert all(unit["exclusion"] == "" for unit in body["units"])


def test_a_draft_plans_results_say_they_are_only_a_trial(personas: Personas):
    draft = make_plan(personas.org, tasks=2)
    published = assessed_plan(personas)
    client = Client(headers=bearer(personas.leader))

    warnings = [
        client.get(f"/api/v1/plans/{plan.pk}/assessment/results").json()["warning"]
        for plan in (draft, published)
    ]

    assert warnings == ["方案尚未发布（草稿），各单位还不能报送进展：以下结果仅为试算，不作考核依据。", ""]
