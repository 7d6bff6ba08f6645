"""Every API endpoint called as every persona, with the exact answer each must get.

A new endpoint without a row here fails `test_every_endpoint_has_a_row_in_the_matrix`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.accounts.models import Organization
from duban.api.api import api
from duban.api.tests.conftest import World, as_persona
from duban.plans.models import CascadeLink
from duban.testdata import FOUNDING_DOCUMENT
from duban.tracking.services.cascade import tasks_cascade

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


HALF_YEAR = {
    "items": [{"kind": "completion", "weight": 60}, {"kind": "reports_on_time", "weight": 40}],
    "periods": [
        {"label": "一季度", "start": "2025-01-01", "end": "2025-03-31", "weight": 40},
        {"label": "二季度", "start": "2025-04-01", "end": "2025-06-30", "weight": 60},
    ],
    "grades": [{"label": "优秀", "minimum": "90"}, {"label": "合格", "minimum": "0"}],
}
READ_LIST = _answers(200)  # the outsider gets 200 with its own organisation's (empty) list
READ_ONE = _answers(200, outsider=404)
SUPERVISE = _answers(403, supervisor=200, outsider=404)
LIAISON_WRITE = _answers(403, liaison=200, outsider=404)


def _county(w: World) -> Organization:
    """A subordinate of organisation A (made on first use), to send cascades to."""
    county = Organization.objects.filter(parent=w.personas.org).first()
    return county or Organization.objects.create(name="甲县教育局", parent=w.personas.org)


def cascade_link_id(w: World) -> int:
    """Organisation A's task 1 cascaded to its county (made on first use); A is the parent end."""
    link = CascadeLink.objects.filter(parent_task=w.task).first()
    if link is None:
        link = tasks_cascade(tasks=[w.task], organizations=[_county(w)], by=w.personas.supervisor)[0]
    return link.pk


def cascaded_task_id(w: World) -> int:
    """Organisation A's task 1, cascaded to its county (made on first use)."""
    cascade_link_id(w)
    return w.task.pk


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
    "task_documents_list": Case("get", lambda w: f"/api/v1/tasks/{w.document.task_id}/documents", READ_ONE),
    "document_issue": Case(
        "post",
        lambda w: f"/api/v1/documents/{w.document.pk}/issue",
        _answers(403, supervisor=200, other_liaison=200, outsider=404),
        form=lambda w: {
            "doc_number": "A教发〔2025〕4号",
            "issued_on": "2025-07-01",
            "files": SimpleUploadedFile("实施办法.pdf", b"%PDF-1.4 issued"),
        },
    ),
    "document_reopen": Case(
        "post",
        lambda w: f"/api/v1/documents/{w.issued_document.pk}/reopen",
        SUPERVISE,
        body=lambda w: {"reason": "文号登记错误。"},
    ),
    "document_create": Case(
        "post",
        lambda w: f"/api/v1/tasks/{w.task.pk}/documents",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {"title": "《课后服务管理办法》"},
    ),
    "document_remove": Case("post", lambda w: f"/api/v1/documents/{w.document.pk}/remove", SUPERVISE),
    "documents_override": Case(
        "post",
        lambda w: f"/api/v1/tasks/{w.document.task_id}/documents/override",
        SUPERVISE,
        body=lambda w: {"reason": "待省里印发。"},
    ),
    "reminders_list": Case("get", lambda w: "/api/v1/reminders", READ_LIST),
    "reminder_send": Case(
        "post",
        lambda w: "/api/v1/reminders",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {
            "task_id": w.task.pk,
            "message": "请抓紧报送。",
            "roles": ["lead"],
            "reply_by": "2025-07-20",
        },
    ),
    "signoffs_list": Case("get", lambda w: "/api/v1/signoffs", READ_LIST),
    "signoff_sign": Case(
        "post",
        lambda w: f"/api/v1/signoffs/{w.signoff.pk}/sign",
        LIAISON_WRITE,
        body=lambda w: {"note": "收到"},
    ),
    # Another unit's liaison has nothing to sign on the task: a conflict, not a refusal of its role.
    "signoffs_sign": Case(
        "post",
        lambda w: "/api/v1/signoffs/sign",
        _answers(403, liaison=200, other_liaison=409, outsider=404),
        body=lambda w: {"task_id": w.task.pk},
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
    # Cascades as seen from organisation A, the parent; test_cascade_permission_matrix.py adds the
    # subordinate's and the sibling's personas.
    "subordinates_list": Case("get", lambda w: "/api/v1/cascades/subordinates", READ_LIST),
    "cascade_send": Case(
        "post",
        lambda w: "/api/v1/cascades",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {"task_ids": [w.free_task.pk], "organization_ids": [_county(w).pk]},
    ),
    "cascade_get": Case("get", lambda w: f"/api/v1/cascades/{cascade_link_id(w)}", READ_ONE),
    "cascade_accept": Case(
        "post", lambda w: f"/api/v1/cascades/{cascade_link_id(w)}/accept", _answers(403, outsider=404)
    ),
    "cascade_units_assign": Case(
        "post",
        lambda w: f"/api/v1/cascades/{cascade_link_id(w)}/units",
        _answers(403, outsider=404),
        body=lambda w: {"lead_unit_ids": [w.personas.basic_ed.pk]},
    ),
    "cascade_task_update": Case(
        "post",
        lambda w: f"/api/v1/cascades/tasks/{w.task.pk}/update",
        SUPERVISE,
        body=lambda w: {"text": "调整后的任务内容。"},
    ),
    "cascade_withdraw": Case(
        "post",
        lambda w: f"/api/v1/cascades/{cascade_link_id(w)}/withdraw",
        _answers(403, supervisor=204, outsider=404),
    ),
    "rollup_plan": Case("get", lambda w: f"/api/v1/cascades/rollup/plans/{w.plan.pk}", READ_ONE),
    "assessment_scheme_get": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/scheme", READ_ONE),
    "assessment_scheme_put": Case(
        "put", lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/scheme", SUPERVISE, body=lambda w: HALF_YEAR
    ),
    "assessment_entries_list": Case(
        "get", lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/entries", READ_ONE
    ),
    "assessment_entry_create": Case(
        "post",
        lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/entries",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {
            "unit_id": w.personas.basic_ed.pk,
            "kind": "bonus",
            "points": "2",
            "reason": "经验做法获省厅推广。",
            "evidence_kind": "praise",
            "occurred_on": "2025-05-06",
        },
    ),
    "assessment_entry_delete": Case(
        "delete", lambda w: _entry_path(w), _answers(403, supervisor=204, outsider=404)
    ),
    "assessment_results": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/results", READ_ONE),
    "assessment_export": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}/assessment/export/docx", READ_ONE),
    "dashboard_plan": Case("get", lambda w: f"/api/v1/dashboard/plans/{w.plan.pk}", READ_ONE),
    # Only supervisors draft and issue circulars (the outsider's organisation does not hold the plan).
    "circular_draft_get": Case(
        "get", lambda w: f"/api/v1/plans/{w.plan.pk}/circular/draft?period=2025-06", SUPERVISE
    ),
    "circular_issue": Case(
        "post",
        lambda w: f"/api/v1/plans/{w.plan.pk}/circulars",
        _answers(403, supervisor=201, outsider=404),
        body=lambda w: {"period": "2025-06", "praise": "对基础教育处提出表扬。"},
    ),
    "circular_issues_list": Case("get", lambda w: f"/api/v1/plans/{w.plan.pk}/circulars", SUPERVISE),
    "circular_issue_download": Case(
        "get", lambda w: f"/api/v1/circulars/{_circular_issue(w)}/document", SUPERVISE
    ),
    "adhoc_items_list": Case("get", lambda w: "/api/v1/adhoc-items", READ_LIST),
    "adhoc_item_get": Case("get", lambda w: f"/api/v1/adhoc-items/{_adhoc_item(w)}", READ_ONE),
    "adhoc_item_notice": Case("get", lambda w: f"/api/v1/adhoc-items/{_adhoc_item(w)}/notice", READ_ONE),
    # The outsider supervises organisation B: A's units are unknown there, so its item is refused (422).
    "adhoc_item_create": Case(
        "post",
        lambda w: "/api/v1/adhoc-items",
        _answers(403, supervisor=201, outsider=422),
        body=lambda w: {
            "text": "整治校外培训机构违规办学",
            "source_kind": "meeting",
            "source_text": "局党委会议定：由基教处牵头整治。",
            "assigned_on": "2025-07-01",
            "deadline": "2025-08-31",
            "lead_unit_ids": [w.personas.basic_ed.pk],
            "support_unit_ids": [w.personas.finance.pk],
        },
    ),
}


def _entry_path(world: World) -> str:
    from duban.assessment.services import entry_add

    entry = entry_add(
        plan=world.plan,
        unit=world.personas.finance,
        kind="deduction",
        points=Decimal(1),
        reason="未按时报送。",
        evidence_kind="criticism",
        evidence="",
        occurred_on=dt.date(2025, 6, 30),
        by=world.personas.supervisor,
    )
    return f"/api/v1/plans/{world.plan.pk}/assessment/entries/{entry.pk}"


def _circular_issue(world: World) -> int:
    from duban.reports.periods import parse_period
    from duban.reports.services import circular_issue_create

    issue = circular_issue_create(
        plan=world.plan, period=parse_period("2025-06"), paragraphs={}, by=world.personas.supervisor
    )
    return issue.pk


def _adhoc_item(world: World) -> int:
    from duban.tracking.tests.adhoc_helpers import register_item

    return register_item(world.personas).pk


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
    if case.method == "delete":
        return client.delete(path)
    if case.method == "put":
        return client.put(path, (case.body or (lambda w: {}))(world), content_type="application/json")
    return client.post(path, (case.body or (lambda w: {}))(world), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(CASES))
def test_each_persona_gets_exactly_its_answer(world, operation, persona):
    case = CASES[operation]

    response = _call(world, persona, case)

    assert response.status_code == case.answers[persona], response.content.decode()[:500]
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "fields"}


LISTS = [
    "units_list",
    "plans_list",
    "tasks_list",
    "reports_list",
    "completions_list",
    "extensions_list",
    "adhoc_items_list",
]


@pytest.mark.parametrize("operation", [*LISTS, "reminders_list", "signoffs_list"])
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


@pytest.mark.parametrize("operation", ["task_get", "report_get", "plan_get", "unit_get", "adhoc_item_get"])
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
