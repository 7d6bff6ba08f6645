"""Evidence (佐证材料) over the API: the same checks as the pages, the same error body as every refusal."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.api.tests.conftest import bearer
from duban.tracking import errors
from duban.tracking.models import Attachment, CompletionRequest, ProgressReport


def _report(world, **fields):
    form = {"task_id": world.free_task.pk, "unit_id": world.personas.basic_ed.pk, "text": "已完成初稿。"}
    form.update(progress=35, **fields)
    return Client(headers=bearer(world.personas.liaison)).post("/api/v1/reports/upload", form)


def test_a_liaison_reports_with_evidence_and_target_values(world):
    target = world.free_task.targets.get(metric="新增学位")
    files = [
        SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 a"),
        SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\nx"),
    ]

    response = _report(world, submit="true", files=files, target_values=json.dumps({str(target.pk): "120"}))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert sorted(a["name"] for a in body["attachments"]) == ["照片.png", "纪要.pdf"]
    assert body["target_values"][0]["value"] == "120.0000" or float(body["target_values"][0]["value"]) == 120
    assert Client(headers=bearer(world.personas.leader)).get(body["attachments"][0]["url"]).status_code == 200


def test_uploading_again_to_this_cycles_draft_adds_the_evidence(world):
    _report(world, files=SimpleUploadedFile("一.pdf", b"%PDF-1.4 1"))
    response = _report(world, files=SimpleUploadedFile("二.pdf", b"%PDF-1.4 2"))

    assert response.status_code == 201
    assert ProgressReport.objects.get(pk=response.json()["id"]).attachments.count() == 2


def test_a_file_whose_content_is_not_evidence_is_refused_whatever_its_name(world):
    response = _report(world, files=SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 a program"))

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "attachment_type_refused",
        "message": errors.ATTACHMENT_TYPE_REFUSED.format(name="报告.pdf"),
        "fields": {"files": errors.ATTACHMENT_TYPE_REFUSED.format(name="报告.pdf")},
    }
    assert not ProgressReport.objects.filter(task=world.free_task).exists()
    assert not Attachment.objects.filter(task=world.free_task).exists()


def test_a_file_over_the_size_limit_is_413_and_nothing_is_kept(world, settings):
    settings.DUBAN_EVIDENCE_MAX_BYTES = 1024 * 1024

    response = _report(world, files=SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4 " + b"x" * (1024 * 1024)))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "attachment_too_large"
    assert response.json()["error"]["fields"] == {
        "files": errors.ATTACHMENT_TOO_LARGE.format(name="扫描件.pdf", limit=1)
    }
    assert not ProgressReport.objects.filter(task=world.free_task).exists()


def test_target_values_that_are_not_json_are_refused_beside_the_field(world):
    response = _report(world, target_values="{not json")

    assert response.status_code == 422
    assert "target_values" in response.json()["error"]["fields"]


def test_a_lead_unit_applies_for_completion_with_evidence(world):
    client = Client(headers=bearer(world.personas.liaison))

    response = client.post(
        "/api/v1/completions/upload",
        {
            "task_id": world.free_task.pk,
            "unit_id": world.personas.basic_ed.pk,
            "reason": "全部完成。",
            "files": SimpleUploadedFile("验收报告.docx", b"PK\x03\x04 broken zip"),
        },
    )

    assert response.status_code == 422  # a damaged .docx is no evidence
    assert not CompletionRequest.objects.filter(task=world.free_task).exists()

    response = client.post(
        "/api/v1/completions/upload",
        {
            "task_id": world.free_task.pk,
            "unit_id": world.personas.basic_ed.pk,
            "reason": "全部完成。",
            "files": SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 done"),
        },
    )

    assert response.status_code == 201
    assert [a["name"] for a in response.json()["attachments"]] == ["验收报告.pdf"]
