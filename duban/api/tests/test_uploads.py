"""Importing a plan over the API: judged by content, limited in size, refused documents say why."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.api.tests.conftest import bearer
from duban.plans.models import Plan
from duban.testdata import FOUNDING_DOCUMENT


def _upload(client, name: str, content: bytes, **extra):
    return client.post("/api/v1/plans/import", {"file": SimpleUploadedFile(name, content), **extra})


def test_a_supervisor_imports_a_plan_document(personas):
    response = _upload(
        Client(headers=bearer(personas.supervisor)), "方案.txt", FOUNDING_DOCUMENT.read_bytes()
    )

    assert response.status_code == 201
    body = response.json()
    assert body["plan"]["task_count"] == 100
    assert Plan.objects.get(pk=body["plan"]["id"]).organization == personas.org


def test_the_type_is_judged_by_content_not_by_the_name(personas):
    response = _upload(Client(headers=bearer(personas.supervisor)), "方案.docx", b"not a word document")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unreadable_document"
    assert "docx" in response.json()["error"]["message"]


def test_a_document_without_tasks_is_refused_with_the_parsers_reason(personas):
    response = _upload(
        Client(headers=bearer(personas.supervisor)), "通知.txt", "关于开会的通知\n请准时参加。".encode()
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_tasks_found"
    assert not Plan.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_parsing(personas, settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 1024

    response = _upload(Client(headers=bearer(personas.supervisor)), "方案.txt", b"x" * 2048)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_the_same_document_twice_is_a_conflict_unless_replacing(personas):
    client = Client(headers=bearer(personas.supervisor))
    content = FOUNDING_DOCUMENT.read_bytes()
    _upload(client, "方案.txt", content)

    assert _upload(client, "方案.txt", content).status_code == 409
    assert _upload(client, "方案.txt", content, replace="true").json()["replaced"] is True


def test_a_path_in_the_file_name_is_dropped(personas):
    client = Client(headers=bearer(personas.supervisor))

    response = _upload(client, "../../etc/方案.txt", FOUNDING_DOCUMENT.read_bytes())

    plan = Plan.objects.get(pk=response.json()["plan"]["id"])
    assert plan.source_name == "方案.txt"
    assert ".." not in plan.source_file.name


def test_the_source_document_is_served_only_through_the_api_with_a_permission_check(personas):
    client = Client(headers=bearer(personas.supervisor))
    plan_id = _upload(client, "方案.txt", FOUNDING_DOCUMENT.read_bytes()).json()["plan"]["id"]

    own = client.get(f"/api/v1/plans/{plan_id}/source")
    foreign = Client(headers=bearer(personas.outsider)).get(f"/api/v1/plans/{plan_id}/source")

    assert own.getvalue() == FOUNDING_DOCUMENT.read_bytes()
    assert foreign.status_code == 404
