"""The cascade API: refusals in the error body, a whole section sent, the roll-up's sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client

from duban.api.tests.conftest import bearer
from duban.plans.models import CascadeLink, Target
from duban.test import make_hierarchy
from duban.tracking.tests.cascade_helpers import cascaded


def test_shares_that_do_not_add_up_are_refused_beside_the_shares_field(world):
    hierarchy = make_hierarchy(world.personas)
    places = Target.objects.get(task=world.free_task, metric="新增学位")  # 700
    body = {
        "task_ids": [world.free_task.pk],
        "organization_ids": [hierarchy.county.pk, hierarchy.sibling.pk],
        "split_target_ids": [places.pk],
        "shares": [
            {"target_id": places.pk, "organization_id": hierarchy.county.pk, "value": "400"},
            {"target_id": places.pk, "organization_id": hierarchy.sibling.pk, "value": "200"},
        ],
    }

    response = Client(headers=bearer(world.personas.supervisor)).post(
        "/api/v1/cascades", body, content_type="application/json"
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "cascade_shares_mismatch"
    assert error["fields"] == {
        "shares": "任务 7 的指标“新增学位”分解到各下级的数值合计为 600，应等于上级目标 700。"
    }
    assert not CascadeLink.objects.exists()


def test_an_organisation_that_is_not_a_subordinate_is_refused_without_naming_it(world):
    response = Client(headers=bearer(world.personas.supervisor)).post(
        "/api/v1/cascades",
        {"task_ids": [world.free_task.pk], "organization_ids": [world.personas.other_org.pk]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert world.personas.other_org.name not in response.content.decode()


def test_the_rollup_api_sums_the_counties_against_the_city_target(personas):
    world = cascaded(personas, 2)

    body = (
        Client(headers=bearer(personas.leader)).get(f"/api/v1/cascades/rollup/plans/{world.plan.pk}").json()
    )

    places = next(t for t in body["tasks"][0]["targets"] if t["metric"] == "新增学位")
    figures = [Decimal(places[key]) for key in ("value", "assigned", "reached")]
    assert figures == [200, 200, 60] and places["reporting"] == 2  # 30 new places reported by each county
    assert [o["place"] for o in body["organizations"]] == [1, 2]
    assert body["tasks"][0]["lines"][0]["last_report_text"].startswith("县1")


def test_a_cascaded_tasks_deadline_before_the_plan_starts_is_refused_beside_the_deadline(personas):
    world = cascaded(personas, 2)
    start = world.plan.start_date

    response = Client(headers=bearer(personas.supervisor)).post(
        f"/api/v1/cascades/tasks/{world.task.pk}/update",
        {"deadline": "2024-12-31"},
        content_type="application/json",
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "task_deadline_before_start"
    assert error["fields"] == {"deadline": f"任务的完成时限不能早于方案起始日期（{start}）。"}
    world.task.refresh_from_db()
    assert world.task.deadline != dt.date(2024, 12, 31)
