"""Every cascade endpoint and page as the parent's, the subordinate's and the sibling's people.

Organisation A (the city) sent task 1 of its plan to county one (甲县); county two (乙县) is the sibling and
must get exactly what an outsider gets: 404, in pages and API alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from duban.api.tests.conftest import World, bearer
from duban.plans.models import CascadeLink
from duban.test import Hierarchy, make_hierarchy
from duban.tracking.services.cascade import tasks_cascade

PERSONAS = (
    "parent_supervisor",
    "parent_leader",
    "county_supervisor",
    "county_liaison",
    "county_leader",
    "sibling_supervisor",
    "sibling_liaison",
)


@dataclass
class Cascade:
    world: World
    hierarchy: Hierarchy
    link: CascadeLink

    def user(self, persona: str) -> Any:
        if persona == "outsider":
            return self.world.personas.outsider
        if persona.startswith("parent_"):
            return getattr(self.world.personas, persona.removeprefix("parent_"))
        return getattr(self.hierarchy, persona)


@pytest.fixture
def cascade(world: World) -> Cascade:
    hierarchy = make_hierarchy(world.personas)
    link = tasks_cascade(tasks=[world.task], organizations=[hierarchy.county], by=world.personas.supervisor)[
        0
    ]
    return Cascade(world=world, hierarchy=hierarchy, link=link)


def _answers(**answers: int) -> dict[str, int]:
    assert set(answers) == set(PERSONAS)
    return answers


# Only the two ends read a cascade; the sibling gets 404 like an outsider.
BOTH_ENDS = _answers(
    parent_supervisor=200,
    parent_leader=200,
    county_supervisor=200,
    county_liaison=200,
    county_leader=200,
    sibling_supervisor=404,
    sibling_liaison=404,
)
# Only the subordinate's supervisor signs and staffs; the parent may not, the sibling cannot see it.
SUBORDINATE_SUPERVISES = _answers(
    parent_supervisor=403,
    parent_leader=403,
    county_supervisor=200,
    county_liaison=403,
    county_leader=403,
    sibling_supervisor=404,
    sibling_liaison=404,
)
# Only the parent's supervisors take a cascade back; the other users of either end may not (403).
PARENT_WITHDRAWS = _answers(
    parent_supervisor=204,
    parent_leader=403,
    county_supervisor=403,
    county_liaison=403,
    county_leader=403,
    sibling_supervisor=404,
    sibling_liaison=404,
)
# The parent's own plan and task: the subordinate reads them only through the link (404 elsewhere).
PARENT_READS = _answers(
    parent_supervisor=200,
    parent_leader=200,
    county_supervisor=404,
    county_liaison=404,
    county_leader=404,
    sibling_supervisor=404,
    sibling_liaison=404,
)
PARENT_SUPERVISES = {**PARENT_READS, "parent_leader": 403}
# The subordinate's own task and plan: the parent sees them only through the roll-up (404 here).
SUBORDINATE_READS = _answers(
    parent_supervisor=404,
    parent_leader=404,
    county_supervisor=200,
    county_liaison=200,
    county_leader=200,
    sibling_supervisor=404,
    sibling_liaison=404,
)


# 加扣分 on a county (the parent's 考核 of its subordinates): only the parent's supervisor records or
# withdraws one; the parent's other people are refused, the county, its sibling and an outsider find no plan.
# The parent's liaison and organisation B's supervisor answer too (`EXTRA_PERSONAS`).
EXTRA_PERSONAS = ("parent_liaison", "outsider")
COUNTY_ENTRY_WRITES = {**PARENT_SUPERVISES, "parent_liaison": 403, "outsider": 404}
COUNTY_ENTRY_READS = {**PARENT_READS, "parent_liaison": 200, "outsider": 404}


def _county_entry_body(c: Cascade, organization: Any = None) -> dict[str, Any]:
    return {
        "subordinate_id": (organization or c.hierarchy.county).pk,
        "kind": "bonus",
        "points": "1",
        "reason": "承接任务推进有力。",
        "evidence_kind": "praise",
        "evidence": "市政府督查通报第5期",
        "occurred_on": "2025-06-18",
    }


def _county_entry_id(c: Cascade) -> int:
    from duban.assessment.services import entry_add

    return entry_add(
        plan=c.world.plan,
        subordinate=c.hierarchy.county,
        kind="deduction",
        points=Decimal(1),
        reason="承接任务进展滞后。",
        evidence_kind="criticism",
        evidence="",
        occurred_on=dt.date(2025, 6, 30),
        by=c.world.personas.supervisor,
    ).pk


@dataclass(frozen=True)
class Call:
    method: str
    path: Callable[[Cascade], str]
    answers: dict[str, int]
    body: Callable[[Cascade], dict[str, Any]] | None = None
    given: Callable[[Cascade], object] | None = None  # made before the call (an entry to read)


API: dict[str, Call] = {
    "cascade_get": Call("get", lambda c: f"/api/v1/cascades/{c.link.pk}", BOTH_ENDS),
    "cascade_accept": Call("post", lambda c: f"/api/v1/cascades/{c.link.pk}/accept", SUBORDINATE_SUPERVISES),
    "cascade_units_assign": Call(
        "post",
        lambda c: f"/api/v1/cascades/{c.link.pk}/units",
        SUBORDINATE_SUPERVISES,
        body=lambda c: {"lead_unit_ids": [c.hierarchy.county_unit.pk]},
    ),
    "cascade_withdraw": Call(
        "post",
        lambda c: f"/api/v1/cascades/{c.link.pk}/withdraw",
        PARENT_WITHDRAWS,
    ),
    "cascade_task_update": Call(
        "post",
        lambda c: f"/api/v1/cascades/tasks/{c.world.task.pk}/update",
        PARENT_SUPERVISES,
        body=lambda c: {"text": "调整后的任务内容。"},
    ),
    # The county's own task cannot be changed as a cascade (it is not the parent's task to it): 404.
    "cascade_task_update_child": Call(
        "post",
        lambda c: f"/api/v1/cascades/tasks/{c.link.child_task_id}/update",
        {**SUBORDINATE_READS, "county_supervisor": 409, "county_liaison": 403, "county_leader": 403},
        body=lambda c: {"text": "下级改写。"},
    ),
    "cascade_send": Call(
        "post",
        lambda c: "/api/v1/cascades",
        {**PARENT_READS, "parent_supervisor": 201, "parent_leader": 403},
        body=lambda c: {"task_ids": [c.world.free_task.pk], "organization_ids": [c.hierarchy.sibling.pk]},
    ),
    "rollup_plan": Call("get", lambda c: f"/api/v1/cascades/rollup/plans/{c.world.plan.pk}", PARENT_READS),
    "parent_task": Call("get", lambda c: f"/api/v1/tasks/{c.world.task.pk}", PARENT_READS),
    "child_task": Call("get", lambda c: f"/api/v1/tasks/{c.link.child_task_id}", SUBORDINATE_READS),
    "child_plan": Call("get", lambda c: f"/api/v1/plans/{c.link.child_task.plan_id}", SUBORDINATE_READS),
    # 考核: the parent ranks the county on its 承接任务; the county's own plan is the county's alone.
    "assessment_results (parent)": Call(
        "get", lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/results", PARENT_READS
    ),
    "assessment_results (child)": Call(
        "get", lambda c: f"/api/v1/plans/{c.link.child_task.plan_id}/assessment/results", SUBORDINATE_READS
    ),
    "assessment_export (child)": Call(
        "get",
        lambda c: f"/api/v1/plans/{c.link.child_task.plan_id}/assessment/export/xlsx",
        SUBORDINATE_READS,
    ),
    "assessment_entries_list (parent)": Call(
        "get", lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/entries", COUNTY_ENTRY_READS
    ),
    "assessment_entry_create (county)": Call(
        "post",
        lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/entries",
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 201},
        body=_county_entry_body,
    ),
    # The sibling holds no 承接任务 of the plan: the parent's supervisor is told so (422).
    "assessment_entry_create (sibling)": Call(
        "post",
        lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/entries",
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 422},
        body=lambda c: _county_entry_body(c, c.hierarchy.sibling),
    ),
    "assessment_entry_delete (county)": Call(
        "delete",
        lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/entries/{_county_entry_id(c)}",
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 204},
    ),
    "assessment_results (parent, county entry)": Call(
        "get",
        lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/results",
        COUNTY_ENTRY_READS,
        given=_county_entry_id,
    ),
    "assessment_export (parent, county entry)": Call(
        "get",
        lambda c: f"/api/v1/plans/{c.world.plan.pk}/assessment/export/docx",
        COUNTY_ENTRY_READS,
        given=_county_entry_id,
    ),
}

PAGES: dict[str, Call] = {
    "tracking:cascade": Call("get", lambda c: reverse("tracking:cascade", args=[c.link.pk]), BOTH_ENDS),
    "tracking:cascade_accept": Call(
        "post",
        lambda c: reverse("tracking:cascade_accept", args=[c.link.pk]),
        {**SUBORDINATE_SUPERVISES, "county_supervisor": 302},
    ),
    "tracking:cascade_units": Call(
        "post",
        lambda c: reverse("tracking:cascade_units", args=[c.link.pk]),
        {**SUBORDINATE_SUPERVISES, "county_supervisor": 302},
        body=lambda c: {"lead": [c.hierarchy.county_unit.pk]},
    ),
    "tracking:cascade_withdraw": Call(
        "post",
        lambda c: reverse("tracking:cascade_withdraw", args=[c.link.pk]),
        {**PARENT_WITHDRAWS, "parent_supervisor": 302},
    ),
    "tracking:rollup": Call(
        "get", lambda c: reverse("tracking:rollup", args=[c.world.plan.pk]), PARENT_READS
    ),
    "tracking:cascade_send": Call(
        "get",
        lambda c: reverse("tracking:cascade_send", args=[c.world.plan.pk]),
        {**PARENT_READS, "parent_leader": 404},
    ),
    # Changing the task as sent: the parent's supervisors only (404 to its leader, as for sending).
    "tracking:cascade_change": Call(
        "get",
        lambda c: reverse("tracking:cascade_change", args=[c.world.task.pk]),
        {**PARENT_READS, "parent_leader": 404},
    ),
    "tracking:cascade_change (post)": Call(
        "post",
        lambda c: reverse("tracking:cascade_change", args=[c.world.task.pk]),
        {**PARENT_READS, "parent_supervisor": 302, "parent_leader": 404},
        body=lambda c: {"text": "调整后的任务内容。"},
    ),
    # The county's own 承接任务 changes only at the parent: no such page for it, to anyone.
    "tracking:cascade_change (child)": Call(
        "get",
        lambda c: reverse("tracking:cascade_change", args=[c.link.child_task_id]),
        dict.fromkeys(PERSONAS, 404),
    ),
    "tracking:plan": Call("get", lambda c: reverse("tracking:plan", args=[c.world.plan.pk]), PARENT_READS),
    "tracking:task (parent)": Call(
        "get", lambda c: reverse("tracking:task", args=[c.world.task.pk]), PARENT_READS
    ),
    "tracking:task (child)": Call(
        "get", lambda c: reverse("tracking:task", args=[c.link.child_task_id]), SUBORDINATE_READS
    ),
    "plans:detail (child)": Call(
        "get", lambda c: reverse("plans:detail", args=[c.link.child_task.plan_id]), SUBORDINATE_READS
    ),
    "assessment:results (parent)": Call(
        "get", lambda c: reverse("assessment:results", args=[c.world.plan.pk]), PARENT_READS
    ),
    "assessment:results (child)": Call(
        "get", lambda c: reverse("assessment:results", args=[c.link.child_task.plan_id]), SUBORDINATE_READS
    ),
    "assessment:scheme (child)": Call(
        "get", lambda c: reverse("assessment:scheme", args=[c.link.child_task.plan_id]), SUBORDINATE_READS
    ),
    "assessment:export (child)": Call(
        "get",
        lambda c: reverse("assessment:export", args=[c.link.child_task.plan_id, "docx"]),
        SUBORDINATE_READS,
    ),
    "assessment:entry_add (county)": Call(
        "post",
        lambda c: reverse("assessment:entry_add", args=[c.world.plan.pk]),
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 302},
        body=lambda c: {
            **_county_entry_body(c),
            "subject": f"organization:{c.hierarchy.county.pk}",
        },
    ),
    # Not offered to the parent's supervisor: the sibling holds no 承接任务 of the plan (400, by the field).
    "assessment:entry_add (sibling)": Call(
        "post",
        lambda c: reverse("assessment:entry_add", args=[c.world.plan.pk]),
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 400},
        body=lambda c: {
            **_county_entry_body(c),
            "subject": f"organization:{c.hierarchy.sibling.pk}",
        },
    ),
    "assessment:entry_remove (county)": Call(
        "post",
        lambda c: reverse("assessment:entry_remove", args=[c.world.plan.pk, _county_entry_id(c)]),
        {**COUNTY_ENTRY_WRITES, "parent_supervisor": 302},
    ),
    "assessment:results (parent, county entry)": Call(
        "get",
        lambda c: reverse("assessment:results", args=[c.world.plan.pk]),
        COUNTY_ENTRY_READS,
        given=_county_entry_id,
    ),
    "assessment:export (parent, county entry)": Call(
        "get",
        lambda c: reverse("assessment:export", args=[c.world.plan.pk, "xlsx"]),
        COUNTY_ENTRY_READS,
        given=_county_entry_id,
    ),
}


def _with_extra_personas(calls: dict[str, Call]) -> list[tuple[str, str]]:
    """(call, persona) for every persona, and the extra ones where a call names their answer."""
    return [
        (name, persona)
        for name in sorted(calls)
        for persona in (*PERSONAS, *EXTRA_PERSONAS)
        if persona in calls[name].answers
    ]


@pytest.mark.parametrize(("name", "persona"), _with_extra_personas(API))
def test_each_persona_gets_exactly_its_answer_from_the_api(cascade, name, persona):
    call = API[name]
    client = Client(headers=bearer(cascade.user(persona)))
    if call.given is not None:
        call.given(cascade)
    path = call.path(cascade)

    if call.method == "get":
        response = client.get(path)
    elif call.method == "delete":
        response = client.delete(path)
    else:
        response = client.post(path, (call.body or (lambda c: {}))(cascade), content_type="application/json")

    assert response.status_code == call.answers[persona], response.content.decode()[:300]


@pytest.mark.parametrize(("name", "persona"), _with_extra_personas(PAGES))
def test_each_persona_gets_exactly_its_answer_from_the_pages(cascade, name, persona):
    call = PAGES[name]
    client = Client()
    client.force_login(cascade.user(persona))
    if call.given is not None:
        call.given(cascade)
    path = call.path(cascade)

    response = (
        client.get(path)
        if call.method == "get"
        else client.post(path, (call.body or (lambda c: {}))(cascade))
    )

    assert response.status_code == call.answers[persona], f"{call.method.upper()} {path} as {persona}"


def test_every_cascade_operation_and_page_is_in_this_matrix():
    from duban.api.tests.test_pages_permission_matrix import PAGES as ALL_PAGES
    from duban.api.tests.test_permission_matrix import CASES

    operations = {name for name in CASES if name.startswith(("cascade", "rollup", "subordinates"))}
    pages = {name for name in ALL_PAGES if name.startswith(("tracking:cascade", "tracking:rollup"))}

    assert operations - {"subordinates_list"} <= set(API)  # the list is the caller's own, no link involved
    assert pages <= set(PAGES)
