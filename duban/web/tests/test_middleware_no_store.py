"""Signed-in pages, exports and API answers are never stored by browsers or proxies."""

import pytest
from django.test import Client
from django.urls import reverse

from duban.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_not_stored(client, personas):
    client.force_login(personas.supervisor)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_api_answer_is_not_stored(personas):
    response = Client(headers=bearer(personas.supervisor)).get("/api/v1/plans")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
