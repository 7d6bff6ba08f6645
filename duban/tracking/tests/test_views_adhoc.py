"""The 督办事项 pages: 立项 with refusals beside their fields, the year's list with filters, the 通知单."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import AdhocItem, SourceKind
from duban.test import Personas
from duban.tracking import errors
from duban.tracking.forms import REQUIRED
from duban.tracking.tests.adhoc_helpers import register_item


@pytest.fixture(autouse=True)
def _today(settings) -> None:
    settings.DUBAN_TODAY = "2025-07-10"


def _form(personas: Personas, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "text": "整治校外培训机构违规办学",
        "source_kind": SourceKind.MEETING,
        "source_title": "局党委会纪要（2025第9期）",
        "source_text": "会议议定：由基教处牵头，计财处配合，8月底前完成整治。",
        "assigned_on": "2025-07-01",
        "deadline": "2025-08-31",
        "lead_units": [personas.basic_ed.pk],
        "support_units": [personas.finance.pk],
    }
    values.update(changes)
    return values


def test_the_supervisor_registers_an_item_and_is_led_to_its_row_in_the_years_list(client: Client, personas):
    client.force_login(personas.supervisor)

    response = client.post(reverse("tracking:adhoc_new"), _form(personas))

    item = AdhocItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('tracking:adhoc')}?year=2025#item-1"
    assert item.source_kind == SourceKind.MEETING and item.task.start_date == dt.date(2025, 7, 1)
    page = client.get(response["Location"]).content.decode()
    assert "督办〔2025〕1号" in page and "整治校外培训机构违规办学" in page and "会议议定事项" in page
    assert reverse("reports:adhoc_notice", args=[item.pk]) in page


def test_a_source_file_alone_is_a_source(client: Client, personas):
    client.force_login(personas.supervisor)
    upload = SimpleUploadedFile("批示件.pdf", b"%PDF-1.4 instruction", content_type="application/pdf")

    response = client.post(reverse("tracking:adhoc_new"), _form(personas, source_text="", source_file=upload))

    assert response.status_code == 302
    assert AdhocItem.objects.get().source_name == "批示件.pdf"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": ""}, "text", REQUIRED),
        ({"source_kind": ""}, "source_kind", REQUIRED),
        ({"source_text": ""}, "source_text", errors.ITEM_SOURCE_REQUIRED),
        ({"lead_units": []}, "lead_units", errors.ITEM_LEAD_REQUIRED),
        (
            {"deadline": "2025-06-01"},
            "deadline",
            errors.ITEM_DEADLINE_BEFORE_ASSIGNED.format(assigned="2025-07-01"),
        ),
        ({"deadline": "明年"}, "deadline", "请填写有效日期"),
    ],
)
def test_a_refused_item_comes_back_with_the_reason_beside_its_field(
    client: Client, personas, changes, field, message
):
    client.force_login(personas.supervisor)

    response = client.post(reverse("tracking:adhoc_new"), _form(personas, **changes))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error">{message}' in page
    assert not AdhocItem.objects.exists()


def test_a_unit_twice_is_refused_beside_the_support_units(client: Client, personas):
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:adhoc_new"), _form(personas, support_units=[personas.basic_ed.pk])
    )

    assert (
        f'id="id_support_units_error">{errors.ITEM_UNIT_TWICE.format(unit="基础教育处")}'
        in response.content.decode()
    )


@pytest.mark.parametrize("persona", ["liaison", "leader", "admin"])
def test_only_supervisors_see_the_registration_form(client: Client, personas, persona):
    client.force_login(getattr(personas, persona))

    assert client.get(reverse("tracking:adhoc_new")).status_code == 403
    assert client.post(reverse("tracking:adhoc_new"), _form(personas)).status_code == 403
    assert not AdhocItem.objects.exists()


def test_the_list_filters_by_source_and_unit_and_offers_the_plans_exports(client: Client, personas):
    register_item(personas, text="领导批示的事项")
    register_item(personas, text="群众来信的事项", source_kind=SourceKind.LETTER)
    client.force_login(personas.leader)

    everything = client.get(reverse("tracking:adhoc")).content.decode()
    letters = client.get(reverse("tracking:adhoc"), {"source": SourceKind.LETTER}).content.decode()
    by_office = client.get(reverse("tracking:adhoc"), {"unit": personas.office.pk}).content.decode()

    plan = AdhocItem.objects.first().task.plan  # type: ignore[union-attr]
    assert "领导批示的事项" in everything and "群众来信的事项" in everything
    assert reverse("reports:export", args=[plan.pk, "ledger"]) in everything
    assert "群众来信的事项" in letters and "领导批示的事项" not in letters
    assert "没有符合筛选条件的督办事项" in by_office


def test_a_year_without_items_says_so(client: Client, personas):
    client.force_login(personas.supervisor)

    page = client.get(reverse("tracking:adhoc"), {"year": "2024"}).content.decode()

    assert "2024年还没有登记督办事项" in page and "登记督办事项（立项）" in page


def test_the_notice_downloads_as_word_named_by_its_number_and_not_for_another_organisation(
    client: Client, personas
):
    item = register_item(personas)
    client.force_login(personas.liaison)

    response = client.get(reverse("reports:adhoc_notice", args=[item.pk]))
    client.force_login(personas.outsider)
    foreign = client.get(reverse("reports:adhoc_notice", args=[item.pk]))

    assert response.status_code == 200
    assert "%E7%9D%A3%E5%8A%9E%E3%80%942025%E3%80%951%E5%8F%B7" in response["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.content)).paragraphs[1].text == "督办〔2025〕1号"
    assert foreign.status_code == 404


def test_the_list_runs_the_same_number_of_queries_for_2_and_12_items(client: Client, personas):
    client.force_login(personas.supervisor)
    url = reverse("tracking:adhoc")
    for _ in range(2):
        register_item(personas)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        register_item(personas, source_kind=SourceKind.PROPOSAL)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count('id="item-') == 12

    assert len(many) == len(few)


def test_an_items_task_page_shows_its_number_source_and_notice(client: Client, personas):
    item = register_item(personas)
    client.force_login(personas.liaison)

    page = client.get(reverse("tracking:task", args=[item.task.pk])).content.decode()

    assert "督办〔2025〕1号" in page and reverse("reports:adhoc_notice", args=[item.pk]) in page
    assert "领导批示《局长批示件（2025第7号）》，2025-06-03交办" in page


def test_the_source_file_downloads_for_the_organisation_and_an_item_without_one_is_404(
    client: Client, personas
):
    from duban.tracking.services.attachments import Upload

    with_file = register_item(
        personas, source_file=Upload(name="批示件.pdf", content=b"%PDF-1.4 instruction")
    )
    without = register_item(personas)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:adhoc_source", args=[with_file.pk]))
    missing = client.get(reverse("tracking:adhoc_source", args=[without.pk]))
    client.force_login(personas.outsider)
    foreign = client.get(reverse("tracking:adhoc_source", args=[with_file.pk]))

    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 instruction"
    assert missing.status_code == foreign.status_code == 404
