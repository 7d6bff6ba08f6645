"""A withdrawn report keeps its evidence in the form, and each file can be removed from it."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from duban.test import Personas
from duban.tracking.models import Attachment, AuditEntry, ProgressReport, ReportStatus
from duban.tracking.services.attachments import Upload
from duban.tracking.services.reports import report_save, report_withdraw
from duban.tracking.tests.helpers import TODAY, published_plan, task

PDF = Upload(name="会议纪要.pdf", content=b"%PDF-1.7\n...")
NOTE = Upload(name="说明.txt", content="推进情况说明。\n".encode())


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


def _withdrawn(personas: Personas) -> ProgressReport:
    plan = published_plan(personas, tasks=2)
    report = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=30,
        files=[PDF, NOTE],
        submit=True,
        today=TODAY,
    )
    return report_withdraw(report=report, by=personas.liaison)


def test_the_withdrawn_drafts_files_are_listed_in_its_form(client: Client, personas: Personas) -> None:
    report = _withdrawn(personas)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"))

    assert report.status == ReportStatus.DRAFT
    assert response.text.count('name="remove_attachment"') == 2
    assert "会议纪要.pdf" in response.text and "说明.txt" in response.text


def test_a_ticked_file_is_removed_with_its_stored_copy_and_audited(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: object
) -> None:
    report = _withdrawn(personas)
    pdf = Attachment.objects.get(report=report, name="会议纪要.pdf")
    stored = pdf.file.name
    client.force_login(personas.liaison)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(
            reverse("tracking:report", args=[report.task_id, personas.basic_ed.pk]),
            {"text": "进展", "progress": "30", "remove_attachment": [str(pdf.pk), "x"]},
        )

    assert list(Attachment.objects.filter(report=report).values_list("name", flat=True)) == ["说明.txt"]
    assert not default_storage.exists(stored)
    entry = AuditEntry.objects.filter(action="report_save").latest("pk")
    assert entry.after is not None and entry.after["attachments_removed"] == ["会议纪要.pdf"]


def test_a_file_of_another_report_is_not_removed(client: Client, personas: Personas) -> None:
    report = _withdrawn(personas)
    three = published_plan(personas, tasks=3)
    elsewhere = report_save(
        task=task(three, 3),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="另一项",
        files=[NOTE],
        today=TODAY,
    )
    foreign = Attachment.objects.get(report=elsewhere)
    client.force_login(personas.liaison)

    client.post(
        reverse("tracking:report", args=[report.task_id, personas.basic_ed.pk]),
        {"text": "进展", "progress": "30", "remove_attachment": [str(foreign.pk)]},
    )

    assert Attachment.objects.filter(pk=foreign.pk).exists()
    assert Attachment.objects.filter(report=report).count() == 2
