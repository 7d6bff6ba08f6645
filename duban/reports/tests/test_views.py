"""Downloads from the plan page: every export, for the organisation's users only."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reports.exports import DOCX, XLSX
from duban.test import Personas, make_plan
from duban.tracking.tests.helpers import published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas: Personas) -> Plan:
    return published_plan(personas, tasks=4)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _url(plan: Plan, kind: str) -> str:
    return reverse("reports:export", args=[plan.pk, kind])


@pytest.mark.parametrize("username", ["supervisor", "liaison", "leader"])
def test_every_user_of_the_organisation_downloads_the_ledger(plan: Plan, username: str):
    response = _client(username).get(_url(plan, "ledger"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[1] == "汇总"


def test_another_organisations_plan_does_not_exist_for_the_outsider(plan: Plan):
    assert _client("outsider").get(_url(plan, "ledger")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(plan: Plan):
    response = Client().get(_url(plan, "json"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_export_or_unit_is_a_404(plan: Plan, personas: Personas):
    client = _client("leader")
    other_unit = personas.other_org.units.get()

    assert client.get(_url(plan, "pdf")).status_code == 404
    assert client.get(_url(plan, "ledger"), {"unit": other_unit.pk}).status_code == 404
    assert client.get(_url(plan, "ledger"), {"unit": "x"}).status_code == 404


def test_one_units_ledger_is_downloaded_with_the_unit_parameter(plan: Plan, personas: Personas):
    response = _client("liaison").get(_url(plan, "ledger"), {"unit": personas.basic_ed.pk})

    summary = load_workbook(io.BytesIO(response.content))["汇总"]
    assert summary["B2"].value == "单位：基础教育处"


def test_the_circular_is_posted_with_a_period_and_an_edited_opening(plan: Plan):
    response = _client("supervisor").post(
        _url(plan, "circular"), {"period": "2025-Q2", "opening": "请抓紧推进。"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    document = docx.Document(io.BytesIO(response.content))
    assert "关于2025年第二季度工作任务推进情况的通报" in [p.text for p in document.paragraphs]
    assert "请抓紧推进。" in [p.text for p in document.paragraphs]


def test_a_period_written_wrongly_is_refused_with_the_accepted_forms(plan: Plan):
    response = _client("supervisor").get(_url(plan, "circular"), {"period": "六月"})

    assert response.status_code == 200  # the picker is a form shown again with its error
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "无法识别的期间“六月”" in page
    # A picker offers every month, quarter, half and the year of the plan.
    for value in ("2025-06", "2025-Q2", "2025-H1", 'value="2025"'):
        assert value in page


def test_an_unpublished_plan_gets_a_page_that_says_why_there_is_no_circular(personas: Personas):
    draft = make_plan(personas.org, tasks=2)

    response = _client("supervisor").post(_url(draft, "circular"), {"period": "2025-06"})

    assert response.status_code == 400
    assert "尚未发布" in response.content.decode()


def test_matrix_csv_and_json_are_downloaded_too(plan: Plan):
    client = _client("leader")

    assert client.get(_url(plan, "matrix")).status_code == 200
    csv = client.get(_url(plan, "csv"), {"table": "targets"})
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").startswith("任务序号,指标")
    assert len(json.loads(client.get(_url(plan, "json")).content)["tasks"]) == 4


def test_the_export_buttons_link_to_every_export_of_the_plan(plan: Plan, personas: Personas):
    from django.template.loader import render_to_string

    html = render_to_string("reports/_export_buttons.html", {"plan": plan, "unit": personas.basic_ed})

    for kind in ("ledger", "matrix", "csv", "json", "circular"):
        assert _url(plan, kind) in html
    assert f"?unit={personas.basic_ed.pk}" in html
