"""Documents to issue over the API: listed, recorded with the file, 办结 refused while one is pending."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.api.tests.conftest import as_persona
from duban.plans.models import DocumentStatus, Task, TaskState
from duban.tracking import errors
from duban.tracking.models import CompletionRequest


def _complete(world):
    return as_persona(world.personas, "other_liaison").post(
        "/api/v1/completions",
        {"task_id": world.document.task_id, "unit_id": world.personas.office.pk, "reason": "已完成。"},
        content_type="application/json",
    )


def test_a_completion_request_with_a_document_not_issued_is_refused_naming_it(world):
    response = _complete(world)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "documents_pending"
    assert error["message"] == errors.DOCUMENTS_PENDING.format(titles="《第4号实施办法》")
    assert Task.objects.get(pk=world.document.task_id).state == TaskState.NOT_STARTED
    assert not CompletionRequest.objects.filter(task_id=world.document.task_id).exists()


def test_once_the_document_is_recorded_with_its_file_completion_goes_through(world):
    client = as_persona(world.personas, "other_liaison")

    issued = client.post(
        f"/api/v1/documents/{world.document.pk}/issue",
        {
            "doc_number": "A教发〔2025〕4号",
            "issued_on": "2025-07-01",
            "files": SimpleUploadedFile("实施办法.pdf", b"%PDF-1.4 issued"),
        },
    )

    body = issued.json()
    assert (body["status"], body["status_label"], body["doc_number"], body["blocking"]) == (
        DocumentStatus.ISSUED,
        "已出台",
        "A教发〔2025〕4号",
        False,
    )
    assert client.get(body["file"]["url"]).status_code == 200
    assert _complete(world).status_code == 201


def test_the_supervisors_override_lets_the_completion_request_through(world):
    supervisor = as_persona(world.personas, "supervisor")

    let = supervisor.post(
        f"/api/v1/tasks/{world.document.task_id}/documents/override",
        {"reason": "待省里印发。"},
        content_type="application/json",
    )

    assert [d["title"] for d in let.json()["documents"]] == ["第4号实施办法"]
    assert _complete(world).status_code == 201


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"doc_number": "", "issued_on": "2025-07-01"}, "doc_number", errors.DOCUMENT_NUMBER_REQUIRED),
        ({"doc_number": "A教发〔2025〕4号"}, "issued_on", errors.DOCUMENT_DATE_REQUIRED),
        (
            {"doc_number": "A教发〔2025〕4号", "issued_on": "2025-07-01"},
            "files",
            errors.DOCUMENT_FILE_REQUIRED,
        ),
    ],
)
def test_a_record_missing_a_part_is_refused_beside_its_field(world, form, field, message):
    response = as_persona(world.personas, "other_liaison").post(
        f"/api/v1/documents/{world.document.pk}/issue", form
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {field: message}


def test_the_list_shows_issued_and_pending_documents_with_the_file(world):
    client = as_persona(world.personas, "leader")

    pending = client.get(f"/api/v1/tasks/{world.document.task_id}/documents").json()
    issued = client.get(f"/api/v1/tasks/{world.issued_document.task_id}/documents").json()

    assert [(d["title"], d["status"], d["file"]) for d in pending] == [("第4号实施办法", "pending", None)]
    assert issued[0]["doc_number"] == "A教发〔2025〕8号" and issued[0]["file"]["name"] == "实施办法.pdf"
