"""The supervisor's circular draft: drafted paragraphs, edited and issued as 第N期 per plan."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reports.models import CircularIssue
from duban.test import Personas
from duban.tracking.models import AuditEntry
from duban.tracking.tests.helpers import published_plan


@pytest.fixture
def plan(personas: Personas) -> Plan:
    return published_plan(personas, tasks=4)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _url(plan: Plan) -> str:
    return reverse("reports:circular_draft", args=[plan.pk])


def test_the_supervisor_sees_the_draft_with_its_issue_number_and_editable_paragraphs(plan: Plan):
    response = _client("supervisor").get(_url(plan), {"period": "2025-06"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "第1期" in page and "关于2025年6月工作任务推进情况的通报" in page
    for name in ("opening", "praise", "criticism", "requirements"):
        assert f'name="{name}"' in page
    assert "一是各牵头单位要对照任务分工" in page  # the drafted 下步工作要求


def test_issuing_keeps_the_edited_paragraphs_and_numbers_issues_per_plan(plan: Plan, personas: Personas):
    client = _client("supervisor")
    posted = {
        "period": "2025-06",
        "praise": "对基础教育处提出表扬。",
        "opening": "",
        "criticism": "",
        "requirements": "",
    }

    first = client.post(_url(plan), posted)
    second = client.post(_url(plan), {**posted, "period": "2025-07"})

    assert first.status_code == second.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(first.content)).paragraphs)
    assert "对基础教育处提出表扬。" in text and "第1期" in text
    assert "第2期" in "\n".join(p.text for p in docx.Document(io.BytesIO(second.content)).paragraphs)
    issues = list(CircularIssue.objects.filter(plan=plan).values_list("number", "period_label", "paragraphs"))
    assert issues == [
        (1, "2025年6月", {"praise": "对基础教育处提出表扬。"}),
        (2, "2025年7月", {"praise": "对基础教育处提出表扬。"}),
    ]
    assert CircularIssue.objects.filter(created_by=personas.supervisor).count() == 2
    # Another plan starts at 第1期.
    other = published_plan(personas, tasks=2)
    assert "第1期" in client.get(_url(other), {"period": "2025-06"}).content.decode()


def test_a_liaison_may_not_draft_or_issue_a_circular(plan: Plan):
    client = _client("liaison")

    assert client.get(_url(plan)).status_code == 403
    assert client.post(_url(plan), {"period": "2025-06"}).status_code == 403
    assert not CircularIssue.objects.exists()


def test_a_bad_period_on_the_draft_gets_a_page_with_a_picker_and_issues_nothing(plan: Plan):
    response = _client("supervisor").post(_url(plan), {"period": "2025-13"})

    assert response.status_code == 200  # the form again, with its error
    page = response.content.decode()
    assert "无法识别的期间" in page and "2025-Q3" in page
    assert not CircularIssue.objects.exists()


def test_another_organisations_plan_is_not_found(plan: Plan):
    assert _client("outsider").get(_url(plan)).status_code == 404


def test_the_plan_page_offers_the_draft_to_the_supervisor_only(plan: Plan):
    link = _url(plan)

    assert link in _client("supervisor").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert link not in _client("liaison").get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_issuing_a_circular_is_kept_in_the_audit_trail(plan: Plan, personas: Personas):
    posted = {"period": "2025-06", "praise": "表扬。", "opening": "", "criticism": "", "requirements": ""}

    _client("supervisor").post(_url(plan), posted)

    entry = AuditEntry.objects.get(action="circular_issue")
    assert (entry.plan_id, entry.actor_id) == (plan.pk, personas.supervisor.pk)
    assert entry.after is not None and entry.after["number"] == 1
    assert entry.after["paragraphs"] == {"praise": "表扬。"}
