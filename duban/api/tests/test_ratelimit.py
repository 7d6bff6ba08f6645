"""Over the rate limit an API caller gets 429 with Retry-After; others are not affected."""

import pytest
from django.test import Client

from duban.api import ratelimit
from duban.api.tests.conftest import bearer

# Thirty seconds into a minute: a test's requests never straddle the edge of a fixed window.
MID_WINDOW = 1_751_000_010.0


@pytest.fixture(autouse=True)
def _clock_mid_window(monkeypatch):
    monkeypatch.setattr(ratelimit, "_clock", lambda: MID_WINDOW)


def test_a_token_over_its_rate_gets_429_with_retry_after(personas, settings):
    settings.DUBAN_API_RATE_LIMIT = "3/min"
    client = Client(headers=bearer(personas.leader))

    answers = [client.get("/api/v1/units").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    response = client.get("/api/v1/units")
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_another_token_keeps_its_own_allowance(personas, settings):
    settings.DUBAN_API_RATE_LIMIT = "2/min"
    busy = Client(headers=bearer(personas.leader))
    for _ in range(3):
        busy.get("/api/v1/units")

    assert Client(headers=bearer(personas.supervisor)).get("/api/v1/units").status_code == 200


def test_a_signed_in_session_is_limited_per_user(client, personas, settings):
    settings.DUBAN_API_RATE_LIMIT = "1/min"
    client.force_login(personas.leader)

    assert [client.get("/api/v1/units").status_code for _ in range(2)] == [200, 429]


def test_unauthenticated_requests_are_limited_per_address(db, settings):
    settings.DUBAN_API_ANON_RATE_LIMIT = "2/min"
    client = Client(headers={"Authorization": "Bearer dbn_guess"})

    assert [client.get("/api/v1/units").status_code for _ in range(3)] == [401, 401, 429]


def test_the_window_resets_after_its_period(db):
    assert ratelimit.hit("test:window", "1/min", now=120.0) is None
    assert ratelimit.hit("test:window", "1/min", now=150.0) == 30
    assert ratelimit.hit("test:window", "1/min", now=180.0) is None


def test_a_malformed_rate_is_rejected():
    for rate in ("ten/min", "10/fortnight", "10"):
        try:
            ratelimit.parse_rate(rate)
        except ValueError:
            continue
        raise AssertionError(f"{rate} was accepted")


def test_behind_a_trusted_proxy_unauthenticated_clients_are_limited_each_by_their_own_address(db, settings):
    settings.DUBAN_API_ANON_RATE_LIMIT = "1/min"
    settings.DUBAN_TRUSTED_PROXIES = ["127.0.0.1"]

    def call(forwarded: str) -> int:
        return (
            Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).get("/api/v1/units").status_code
        )

    assert [call("198.51.100.1"), call("198.51.100.1"), call("198.51.100.2")] == [401, 429, 401]
    # Forging an entry to the left of what the proxy wrote does not buy a new allowance.
    assert call("203.0.113.50, 198.51.100.1") == 429


def test_without_a_trusted_proxy_a_forwarded_header_changes_nothing(db, settings):
    settings.DUBAN_API_ANON_RATE_LIMIT = "1/min"
    settings.DUBAN_TRUSTED_PROXIES = []
    answers = [
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get("/api/v1/units").status_code for n in range(2)
    ]

    assert answers == [401, 429]
