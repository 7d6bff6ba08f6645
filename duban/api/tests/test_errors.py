"""One error body for every refusal, with the services' Chinese messages and a machine-readable code."""

from django.test import Client

from duban.api.errors import tracking_error_code
from duban.api.tests.conftest import bearer
from duban.tracking import errors


def test_a_rule_refusal_keeps_the_services_message_and_names_its_rule(personas, world):
    client = Client(headers=bearer(personas.leader))

    response = client.post(
        f"/api/v1/reports/{world.submitted.pk}/review",
        {"verdict": "approve"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {"error": {"code": "not_allowed", "message": errors.NOT_ALLOWED, "fields": {}}}


def test_reviewing_a_report_twice_is_a_conflict(personas, world):
    client = Client(headers=bearer(personas.supervisor))
    path = f"/api/v1/reports/{world.submitted.pk}/review"
    client.post(path, {"verdict": "approve"}, content_type="application/json")

    response = client.post(path, {"verdict": "approve"}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "report_not_submitted"
    assert response.json()["error"]["message"] == errors.REPORT_NOT_SUBMITTED


def test_returning_a_report_without_a_reason_points_at_the_field(personas, world):
    client = Client(headers=bearer(personas.supervisor))

    response = client.post(
        f"/api/v1/reports/{world.submitted.pk}/review", {"verdict": "return"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "reason_required"


def test_a_body_that_breaks_the_schema_lists_the_fields_in_chinese(personas, world):
    client = Client(headers=bearer(personas.liaison))

    response = client.post("/api/v1/reports", {"task_id": "x"}, content_type="application/json")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["task_id"] == "应为整数。"
    assert error["fields"]["text"] == "此项为必填项。"


def test_a_body_that_is_not_json_is_a_bad_request(personas, world):
    client = Client(headers=bearer(personas.liaison))

    response = client.post("/api/v1/reports", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_an_unknown_api_address_answers_in_the_error_shape(personas):
    response = Client(headers=bearer(personas.leader)).get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_page_size_over_the_maximum_is_refused(personas):
    response = Client(headers=bearer(personas.leader)).get("/api/v1/units?limit=201")

    assert response.status_code == 422
    assert "limit" in response.json()["error"]["fields"]


def test_formatted_messages_are_traced_back_to_their_rule():
    message = errors.STATE_FORBIDS.format(state="已办结", action="申请办结")

    assert tracking_error_code(message) == "STATE_FORBIDS"
    assert tracking_error_code("别的什么") is None


def test_an_id_beyond_what_the_database_holds_is_refused_as_input(personas):
    client = Client(headers=bearer(personas.supervisor))
    huge = 2**64

    answers = [
        client.get(f"/api/v1/units/{huge}").status_code,
        client.get(f"/api/v1/tasks?plan={huge}").status_code,
        client.get(f"/api/v1/units?offset={huge}").status_code,
        client.post(
            "/api/v1/reports", {"task_id": huge, "unit_id": 1, "text": "x"}, content_type="application/json"
        ).status_code,
    ]

    assert answers == [422, 422, 422, 422]


def test_a_method_the_address_lacks_answers_405_in_the_same_json_shape(personas, world):
    client = Client(headers=bearer(personas.supervisor))

    response = client.delete(f"/api/v1/reports/{world.submitted.pk}")

    assert response.status_code == 405
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Allow"] == "GET"
    assert response.json() == {
        "error": {
            "code": "method_not_allowed",
            "message": "该地址不支持 DELETE 请求，可用的方法：GET。",
            "fields": {},
        }
    }


def test_a_method_is_refused_the_same_way_before_any_sign_in(db):
    response = Client().put("/api/v1/plans/import")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
