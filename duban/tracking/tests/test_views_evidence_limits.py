"""Evidence through the pages: the API's count limit, and a file too large refused before it is read."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.urls import reverse

from duban.tracking import errors
from duban.tracking.models import Attachment, ProgressReport
from duban.tracking.services.attachments import MAX_FILES
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def _report(client, personas, files):
    plan = published_plan(personas)
    client.force_login(personas.liaison)
    return client.post(
        reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk]),
        {"text": "已完成初稿。", "progress": "35", "submit": "1", "files": files},
    )


def test_a_report_page_refuses_more_files_than_the_api_allows(client, personas):
    files = [SimpleUploadedFile(f"纪要{n}.pdf", b"%PDF-1.4 x") for n in range(MAX_FILES + 1)]

    response = _report(client, personas, files)

    assert errors.ATTACHMENTS_TOO_MANY.format(limit=MAX_FILES) in response.text
    assert not ProgressReport.objects.filter(status="submitted").exists()
    assert not Attachment.objects.exists()


def test_a_report_page_refuses_a_file_too_large_without_reading_it(client, personas, settings, monkeypatch):
    settings.DUBAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    upload = io.BytesIO(b"%PDF-1.4 " + b"x" * 1024 * 1024)
    upload.name = "纪要.pdf"

    def unread(self):
        raise AssertionError("the file was read before its size was checked")

    # Only the server's copy is an UploadedFile: the test client sends the BytesIO.
    monkeypatch.setattr(UploadedFile, "read", property(unread))

    response = _report(client, personas, [upload])

    assert errors.ATTACHMENT_TOO_LARGE.format(name="纪要.pdf", limit=1) in response.text
    assert not Attachment.objects.exists()
