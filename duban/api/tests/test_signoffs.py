"""签收 through the API: what my units have to sign, signing one or all, and a 催办 that asks for it."""

import datetime as dt

from duban.api.tests.conftest import as_persona
from duban.tracking.models import Reminder, SignOff


def test_a_liaison_lists_what_its_units_have_to_sign(world):
    client = as_persona(world.personas, "liaison")

    items = client.get("/api/v1/signoffs").json()["items"]

    assert {item["unit"]["name"] for item in items} == {"基础教育处"}
    assert sorted(int(item["task_no"]) for item in items) == [1, 3, 5, 7, 9, 11, 13]
    assert {item["reason"] for item in items} == {"published"} and items[0]["signed_at"] is None


def test_a_supervisor_lists_the_organisations_unsigned_with_mine_false(world):
    client = as_persona(world.personas, "supervisor")

    assert client.get("/api/v1/signoffs").json()["items"] == []  # the supervisor's 办公室 holds none here
    everyone = client.get("/api/v1/signoffs", {"mine": "false", "task": world.task.pk}).json()["items"]
    assert sorted(item["unit"]["name"] for item in everyone) == ["基础教育处", "计财处"]


def test_signing_one_keeps_the_reply_the_user_and_the_time(world):
    client = as_persona(world.personas, "liaison")

    body = client.post(
        f"/api/v1/signoffs/{world.signoff.pk}/sign", {"note": "收到"}, content_type="application/json"
    ).json()

    assert body["note"] == "收到" and body["signed_by"]["username"] == "liaison" and body["signed_at"]
    again = client.post(f"/api/v1/signoffs/{world.signoff.pk}/sign", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "signoff_already_signed"


def test_signing_all_of_a_task_signs_only_that_task(world):
    client = as_persona(world.personas, "liaison")

    body = client.post(
        "/api/v1/signoffs/sign", {"task_id": world.task.pk}, content_type="application/json"
    ).json()

    assert [item["task_id"] for item in body["signed"]] == [world.task.pk]
    assert SignOff.objects.filter(unit=world.personas.basic_ed, signed_at__isnull=True).count() == 6


def test_an_urge_with_roles_and_a_reply_date_asks_those_units_to_sign(world):
    client = as_persona(world.personas, "supervisor")
    payload = {"task_id": world.task.pk, "message": "请补报。", "roles": ["lead"], "reply_by": "2025-07-20"}

    response = client.post("/api/v1/reminders", payload, content_type="application/json")

    assert response.status_code == 201
    assert {item["reply_by"] for item in response.json()["reminders"]} == {"2025-07-20"}
    urged = (
        as_persona(world.personas, "liaison").get("/api/v1/signoffs", {"task": world.task.pk}).json()["items"]
    )
    assert [(item["reason"], item["message"], item["due_on"]) for item in urged] == [
        ("published", "", (dt.date(2025, 7, 10) + dt.timedelta(days=3)).isoformat()),
        ("urged", "请补报。", "2025-07-20"),
    ]


def test_an_urge_to_no_unit_is_refused_beside_roles(world):
    client = as_persona(world.personas, "supervisor")
    payload = {"task_id": world.free_task.pk, "message": "请补报。", "roles": ["support"]}

    response = client.post("/api/v1/reminders", payload, content_type="application/json")

    assert response.status_code == 422
    assert (
        response.json()["error"]["code"] == "recipients_required"
        and "roles" in response.json()["error"]["fields"]
    )
    assert not Reminder.objects.exists()
