"""Personal tokens and the web session both authenticate; a session writes only with its CSRF token."""

from django.test import Client

from duban.accounts.models import ApiToken
from duban.accounts.services import token_create, token_revoke
from duban.api.tests.conftest import bearer


def test_a_token_acts_with_its_users_permissions(personas):
    response = Client(headers=bearer(personas.leader)).get("/api/v1/units")

    assert response.status_code == 200
    assert response.json()["count"] == personas.org.units.count()


def test_a_revoked_token_no_longer_authenticates(personas):
    issued = token_create(user=personas.supervisor, name="OA")
    token_revoke(token=issued.token)

    response = Client(headers={"Authorization": f"Bearer {issued.secret}"}).get("/api/v1/units")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_token_of_a_deactivated_user_no_longer_authenticates(personas):
    headers = bearer(personas.supervisor)
    personas.supervisor.is_active = False
    personas.supervisor.save()

    assert Client(headers=headers).get("/api/v1/units").status_code == 401


def test_a_made_up_token_is_refused(personas):
    response = Client(headers={"Authorization": "Bearer dbn_not-a-real-token"}).get("/api/v1/units")

    assert response.status_code == 401


def test_using_a_token_notes_when_it_was_last_used(personas):
    issued = token_create(user=personas.supervisor, name="OA")

    Client(headers={"Authorization": f"Bearer {issued.secret}"}).get("/api/v1/units")

    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is not None


def test_a_signed_in_session_reads_the_api(client, personas):
    client.force_login(personas.leader)

    assert client.get("/api/v1/plans").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(personas, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.supervisor)

    response = client.post(
        f"/api/v1/reports/{world.submitted.pk}/review",
        {"verdict": "approve"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_a_session_write_with_the_csrf_token_goes_through(personas, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.supervisor)
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does for Swagger UI
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/api/v1/reports/{world.submitted.pk}/review",
        {"verdict": "approve"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_a_token_write_needs_no_csrf_token(personas, world):
    client = Client(enforce_csrf_checks=True, headers=bearer(personas.supervisor))

    response = client.post(
        f"/api/v1/reports/{world.submitted.pk}/review",
        {"verdict": "approve"},
        content_type="application/json",
    )

    assert response.status_code == 200


def test_an_anonymous_write_is_unauthenticated_rather_than_a_csrf_failure(personas, world):
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/reports/{world.submitted.pk}/review",
        {"verdict": "approve"},
        content_type="application/json",
    )

    assert response.status_code == 401
