"""Input no view can store answers 400 at the edge; Unicode digits and missing files never give a 500."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from duban.api.tests.conftest import World, bearer, make_world
from duban.plans.models import Task
from duban.web.middleware import MULTIPART_REFUSED, NUL_REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas) -> World:
    return make_world(personas)


@pytest.fixture
def api(world: World) -> Client:
    return Client(headers=bearer(world.personas.supervisor))


def test_a_nul_in_the_api_query_string_answers_400_with_the_error_body(api):
    response = api.get("/api/v1/tasks?q=a%00b")
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "bad_request", "message": NUL_REFUSED, "fields": {}}


def test_a_nul_in_a_json_body_answers_400(world, api):
    liaison = Client(headers=bearer(world.personas.liaison))
    body = json.dumps(
        {"task_id": world.free_task.pk, "unit_id": world.personas.basic_ed.pk, "text": "a\x00b"}
    )
    response = liaison.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == NUL_REFUSED
    assert (
        api.post(
            "/api/v1/tasks/x", '{"ok": "\\\\u0000 is text"}', content_type="application/json"
        ).status_code
        != 400
    )


def test_a_nul_in_a_page_query_string_or_form_answers_400(client, world):
    client.force_login(world.personas.supervisor)
    assert client.get(reverse("plans:detail", args=[world.plan.pk]) + "?q=a%00b").status_code == 400
    report = reverse("tracking:report", args=[world.free_task.pk, world.personas.basic_ed.pk])
    client.force_login(world.personas.liaison)
    assert client.post(report, {"text": "a\x00b", "progress": "10", "submit": "1"}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/v1/plans/import", "/api/v1/reports/upload", "/api/v1/completions/upload"]
)
def test_multipart_without_a_boundary_answers_400_on_every_upload(api, path):
    response = api.post(path, b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == MULTIPART_REFUSED


@pytest.mark.parametrize("query", ["unit=²", "section=①", "unit=１２", "section=" + "9" * 40])
def test_unicode_digits_in_a_plan_filter_are_no_key_and_no_500(client, world, query):
    client.force_login(world.personas.supervisor)
    response = client.get(reverse("plans:detail", args=[world.plan.pk]) + "?" + query)
    assert response.status_code in {200, 404}


@pytest.mark.parametrize("kind", ["ledger", "matrix", "csv", "json"])
def test_a_plan_whose_task_is_numbered_with_a_circled_digit_exports(client, world, kind):
    Task.objects.filter(plan=world.plan, no="1").update(no="①")
    client.force_login(world.personas.supervisor)
    response = client.get(reverse("reports:export", args=[world.plan.pk, kind]) + "?unit=²")
    assert response.status_code == 404  # no such unit: refused, not a 500
    assert client.get(reverse("reports:export", args=[world.plan.pk, kind])).status_code == 200


def test_an_evidence_file_missing_from_disk_answers_404(client, world, api):
    Path(world.attachment.file.path).unlink()
    client.force_login(world.personas.supervisor)
    assert client.get(reverse("tracking:attachment", args=[world.attachment.pk])).status_code == 404
    response = api.get(f"/api/v1/attachments/{world.attachment.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
