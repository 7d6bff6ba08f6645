"""The 督办事项 endpoints: 立项 answers the item with its number, refusals name their field."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.api.tests.conftest import as_persona
from duban.plans.models import AdhocItem, SourceKind
from duban.test import Personas
from duban.tracking import errors
from duban.tracking.tests.adhoc_helpers import register_item


def _body(personas: Personas, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "text": "整治校外培训机构违规办学",
        "source_kind": "superior",
        "source_title": "市委督查室交办函",
        "source_text": "请于8月底前完成整治并报送结果。",
        "assigned_on": "2025-07-01",
        "deadline": "2025-08-31",
        "lead_unit_ids": [personas.basic_ed.pk],
        "support_unit_ids": [personas.finance.pk, personas.office.pk],
    }
    body.update(changes)
    return body


def test_registering_answers_the_item_with_its_number_source_and_units(personas: Personas):
    register_item(personas)
    client = as_persona(personas, "supervisor")

    response = client.post("/api/v1/adhoc-items", _body(personas), content_type="application/json")

    item = response.json()
    assert response.status_code == 201
    assert (item["notice_number"], item["number"], item["year"]) == ("督办〔2025〕2号", 2, 2025)
    assert (item["source_kind"], item["source_kind_label"]) == ("superior", "上级交办")
    assert (item["assigned_on"], item["deadline"], item["state"]) == (
        "2025-07-01",
        "2025-08-31",
        "not_started",
    )
    assert [u["name"] for u in item["lead_units"]] == ["基础教育处"]
    assert [u["name"] for u in item["support_units"]] == ["计财处", "办公室"]


def test_a_refusal_names_its_field_and_writes_nothing(personas: Personas):
    client = as_persona(personas, "supervisor")

    early = client.post(
        "/api/v1/adhoc-items", _body(personas, deadline="2025-06-01"), content_type="application/json"
    )
    sourceless = client.post(
        "/api/v1/adhoc-items", _body(personas, source_text=""), content_type="application/json"
    )
    unknown = client.post(
        "/api/v1/adhoc-items", _body(personas, lead_unit_ids=[999999]), content_type="application/json"
    )

    assert early.status_code == sourceless.status_code == unknown.status_code == 422
    assert early.json()["error"]["fields"] == {
        "deadline": errors.ITEM_DEADLINE_BEFORE_ASSIGNED.format(assigned="2025-07-01")
    }
    assert sourceless.json()["error"]["code"] == "item_source_required"
    assert unknown.json()["error"]["fields"] == {"lead_unit_ids": errors.ITEM_UNIT_UNKNOWN}
    assert not AdhocItem.objects.exists()


def test_the_list_filters_by_year_and_source(personas: Personas):
    register_item(personas)
    register_item(personas, source_kind=SourceKind.LETTER)
    register_item(personas, assigned_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 3, 1))
    client = as_persona(personas, "leader")

    of_2025 = client.get("/api/v1/adhoc-items", {"year": 2025}).json()
    letters = client.get("/api/v1/adhoc-items", {"source_kind": "letter"}).json()

    assert [i["notice_number"] for i in of_2025["items"]] == ["督办〔2025〕1号", "督办〔2025〕2号"]
    assert [i["notice_number"] for i in letters["items"]] == ["督办〔2025〕2号"]


def test_the_notice_is_the_word_document_with_its_number(personas: Personas):
    item = register_item(personas)

    response = as_persona(personas, "liaison").get(f"/api/v1/adhoc-items/{item.pk}/notice")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.Document(io.BytesIO(response.content)).paragraphs[1].text == "督办〔2025〕1号"


def test_the_list_runs_the_same_number_of_queries_for_2_and_12_items(personas: Personas):
    client = as_persona(personas, "supervisor")
    for _ in range(2):
        register_item(personas)
    client.get("/api/v1/adhoc-items")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/adhoc-items").json()["items"]) == 2
    for _ in range(10):
        register_item(personas)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/adhoc-items").json()["items"]) == 12

    assert len(many) == len(few)
