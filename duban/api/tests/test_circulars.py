"""The circular through the API: the draft, issuing 第N期 with edited paragraphs, the issues, the document."""

from __future__ import annotations

import io

import docx

from duban.api.tests.conftest import World, as_persona
from duban.reports.adapters import UNPUBLISHED


def test_the_draft_gives_the_next_issue_number_and_the_drafted_paragraphs(world: World):
    client = as_persona(world.personas, "supervisor")

    draft = client.get(f"/api/v1/plans/{world.plan.pk}/circular/draft", {"period": "2025-06"}).json()

    assert (draft["issue_no"], draft["period"]) == (1, "2025年6月")
    assert draft["title"] == "关于2025年6月工作任务推进情况的通报"
    assert draft["requirements"].startswith("一是各牵头单位要对照任务分工")


def test_issuing_numbers_per_plan_keeps_the_edited_paragraph_and_the_document_carries_both(world: World):
    client = as_persona(world.personas, "supervisor")
    path = f"/api/v1/plans/{world.plan.pk}/circulars"

    first = client.post(path, {"period": "2025-06"}, content_type="application/json").json()
    second = client.post(
        path, {"period": "2025-06", "praise": "对基础教育处提出表扬。"}, content_type="application/json"
    ).json()
    listed = client.get(path).json()
    document = client.get(f"/api/v1/circulars/{second['id']}/document")

    assert (first["number"], second["number"]) == (1, 2)
    assert second["paragraphs"] == {"praise": "对基础教育处提出表扬。"}
    assert [issue["number"] for issue in listed] == [1, 2]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "第2期" in text and "对基础教育处提出表扬。" in text
    assert client.get(f"/api/v1/plans/{world.plan.pk}/circular/draft").json()["issue_no"] == 3


def test_an_unreadable_period_and_an_unpublished_plan_are_refused(world: World):
    client = as_persona(world.personas, "supervisor")

    period = client.post(
        f"/api/v1/plans/{world.plan.pk}/circulars", {"period": "六月"}, content_type="application/json"
    )
    draft = client.get(f"/api/v1/plans/{world.draft_plan.pk}/circular/draft", {"period": "2025-06"})

    assert period.status_code == draft.status_code == 422
    assert draft.json()["error"]["message"] == UNPUBLISHED.format(title=world.draft_plan.title)
