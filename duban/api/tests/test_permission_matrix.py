"""Every API endpoint called as every persona, with the exact answer each must get.

A new endpoint without a row here fails `test_every_endpoint_has_a_row_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.api.api import api
from duban.api.tests.conftest import World, as_persona
from duban.testdata import FOUNDING_DOCUMENT

PERSONAS = ("admin", "supervisor", "liaison", "other_liaison", "leader", "outsider", "anonymous")


@dataclass(frozen=True)
class Case:
    method: str
    path: Callable[[World], str]
    answers: dict[str, int]  # persona → status
    body: Callable[[World], dict[str, Any]] | None = None
    upload: bool = False  # the founding document as `file`
    form: Callable[[World], dict[str, Any]] | None = None  # a multipart form, evidence in `files`


def _answers(default: int, **overrides: int) -> dict[str, int]:
    answers = dict.fromkeys(PERSONAS, default)
    answers.update(overrides)
    answers.setdefault("anonymous", 401)
    answers["anonymous"] = overrides.get("anonymous", 401)
    return answers


READ_LIST = _answers(200)  # the outsider gets 200 with its own organisation's (empty) list
READ_ONE = _answers(200, outsider=404)
SUPERVISE = _answers(403, supervisor=200, outsider=404)
LIAISON_WRITE = _answers(403, liaison=200, outsider=404)

CASES: dict[str, Case] = {
    "units_list": Case("get", lambda w: "/api/v1/units", READ_LIST),
    "unit_get": Case("get", lambda w: f"/api/v1/units/{w.personas.basic_ed.pk}", READ_ONE),
    "plans_list": Case("get", lambda w: "/api/v1/plans", READ_LIST),
    "plan_get": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}", READ_ONE),
    "plan_source": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}/source", READ_ONE),
    # The outsider is a supervisor of organisation B: the import goes into B, which is its right.
    "plan_import": Case(
        "post",
        lambda w: "/api/v1/plans/import",
        _answers(403, admin=201, supervisor=201, outsider=201),
        upload=True,
    ),
    "plan_publish": Case(
        "post", lambda w: f"/api/v1/plans/{w.draft_plan.pk}/publish", SUPERVISE, body=lambda w: {}
    ),
    "tasks_list": Case("get", lambda w: "/api/v1/tasks", READ_LIST),
    "task_get": Case("get", lambda w: f"/api/v1/tasks/{w.task.pk}", READ_ONE),
    "reports_list": Case("get", lambda w: "/api/v1/reports", READ_LIST),
    "report_get": Case("get", lambda w: f"/api/v1/reports/{w.submitted.pk}", READ_ONE),
    "report_create": Case(
        "post",
        lambda w: "/api/v1/reports",
        _answers(403, liaison=201, outsider=404),
        body=lambda w: {
            "task_id": w.free_task.pk,
            "unit_id": w.personas.basic_ed.pk,
            "text": "本月推进顺利。",
            "progress": 40,
        },
    ),
    "report_upload": Case(
        "post",
        lambda w: "/api/v1/reports/upload",
        _answers(403, liaison=201, outsider=404),
        form=lambda w: {
            "task_id": w.free_task.pk,
            "unit_id": w.personas.basic_ed.pk,
            "text": "本月推进顺利。",
            "progress": 40,
            "files": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes"),
        },
    ),
    "report_submit": Case("post", lambda w: f"/api/v1/reports/{w.draft.pk}/submit", LIAISON_WRITE),
    "report_withdraw": Case("post", lambda w: f"/api/v1/reports/{w.submitted.pk}/withdraw", LIAISON_WRITE),
    "report_review": Case(
        "post",
        lambda w: f"/api/v1/reports/{w.submitted.pk}/review",
        SUPERVISE,
        body=lambda w: {"verdict": "approve"},
    ),
    "attachment_download": Case("get", lambda w: f"/api/v1/attachments/{w.attachment.pk}", READ_ONE),
    "completions_list": Case("get", lambda w: "/api/v1/completions", READ_LIST),
    "completion_create": Case(
        "post",
        lambda w: "/api/v1/completions",
        _answers(403, liaison=201, outsider=404),
        body=lambda w: {"task_id": w.free_task.pk, "unit_id": w.personas.basic_ed.pk, "reason": "已完成。"},
    ),
    "completion_upload": Case(
        "post",
        lambda w: "/api/v1/completions/upload",
        _answers(403, liaison=201, outsider=404),
        form=lambda w: {
            "task_id": w.free_task.pk,
            "unit_id": w.personas.basic_ed.pk,
            "reason": "已完成。",
            "files": SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 report"),
        },
    ),
    "completion_decide": Case(
        "post",
        lambda w: f"/api/v1/completions/{w.completion.pk}/decide",
        SUPERVISE,
        body=lambda w: {"verdict": "approve"},
    ),
    "extensions_list": Case("get", lambda w: "/api/v1/extensions", READ_LIST),
    "extension_create": Case(
        "post",
        lambda w: "/api/v1/extensions",
        _answers(403, liaison=201, outsider=404),
        body=lambda w: {
            "task_id": w.free_task.pk,
            "unit_id": w.personas.basic_ed.pk,
            "new_deadline": "2026-06-30",
            "reason": "经费未到位。",
        },
    ),
    "extension_decide": Case(
        "post",
        lambda w: f"/api/v1/extensions/{w.extension.pk}/decide",
        SUPERVISE,
        body=lambda w: {"verdict": "approve"},
    ),
    "reminders_list": Case("get", lambda w: "/api/v1/reminders", READ_LIST),
    "reminder_send": Case(
        "post",
        lambda w: "/api/v1/reminders",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {"task_id": w.task.pk, "message": "请抓紧报送。"},
    ),
    "milestones_list": Case("get", lambda w: f"/api/v1/tasks/{w.nodes_task.pk}/milestones", READ_ONE),
    "milestones_propose": Case(
        "post",
        lambda w: f"/api/v1/tasks/{w.free_task.pk}/milestones/propose",
        LIAISON_WRITE,
        body=lambda w: {"nodes": [{"due_on": "2025-06-30", "title": "出台实施方案", "percent": 50}]},
    ),
    "milestones_set": Case(
        "post",
        lambda w: f"/api/v1/tasks/{w.task.pk}/milestones/set",
        SUPERVISE,
        body=lambda w: {"nodes": [{"due_on": "2025-09-30", "title": "完成试点"}]},
    ),
    "milestones_decide": Case(
        "post",
        lambda w: f"/api/v1/tasks/{w.nodes_task.pk}/milestones/decide",
        SUPERVISE,
        body=lambda w: {"verdict": "approve"},
    ),
    "milestone_done": Case(
        "post",
        lambda w: f"/api/v1/milestones/{w.node.pk}/done",
        LIAISON_WRITE,
        body=lambda w: {"evidence": "某教发〔2025〕3号"},
    ),
    "dashboard": Case("get", lambda w: "/api/v1/dashboard", READ_LIST),
    "dashboard_plan": Case("get", lambda w: f"/api/v1/dashboard/plans/{w.plan.pk}", READ_ONE),
}


def _operation_ids() -> set[str]:
    schema = api.get_openapi_schema()
    return {operation["operationId"] for path in schema["paths"].values() for operation in path.values()}


def test_every_endpoint_has_a_row_in_the_matrix():
    missing = _operation_ids() - set(CASES)
    assert not missing, (
        f"Add these API operations to CASES in {__file__} with each persona's answer: {missing}"
    )
    assert not set(CASES) - _operation_ids(), "CASES names operations that no longer exist"


def _call(world: World, persona: str, case: Case) -> Any:
    client = as_persona(world.personas, persona)
    path = case.path(world)
    if case.upload:
        with FOUNDING_DOCUMENT.open("rb") as handle:
            return client.post(path, {"file": handle})
    if case.form is not None:
        return client.post(path, case.form(world))
    if case.method == "get":
        return client.get(path)
    return client.post(path, (case.body or (lambda w: {}))(world), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(CASES))
def test_each_persona_gets_exactly_its_answer(world, operation, persona):
    case = CASES[operation]

    response = _call(world, persona, case)

    assert response.status_code == case.answers[persona], response.content.decode()[:500]
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "fields"}


LISTS = ["units_list", "plans_list", "tasks_list", "reports_list", "completions_list", "extensions_list"]


@pytest.mark.parametrize("operation", [*LISTS, "reminders_list"])
def test_an_outsider_lists_nothing_of_another_organisation(world, operation):
    response = _call(world, "outsider", CASES[operation])

    organisation_a = {unit.pk for unit in world.personas.org.units.all()}
    items = response.json()["items"]
    if operation == "units_list":
        assert not {item["id"] for item in items} & organisation_a
    else:
        assert items == []


def test_an_outsider_sees_no_dashboard_of_another_organisation(world):
    assert _call(world, "outsider", CASES["dashboard"]).json() == []


@pytest.mark.parametrize("operation", ["task_get", "report_get", "plan_get", "unit_get"])
def test_another_organisations_object_answers_like_one_that_does_not_exist(world, operation):
    client = as_persona(world.personas, "outsider")
    foreign = client.get(CASES[operation].path(world))
    missing = client.get(CASES[operation].path(world).rsplit("/", 1)[0] + "/999999")

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    assert foreign.json()["error"]["message"] == missing.json()["error"]["message"]


def test_the_reverse_of_the_attachment_url_is_the_matrix_path(world):
    assert reverse("api-v1:attachment_download", args=[world.attachment.pk]) == CASES[
        "attachment_download"
    ].path(world)
