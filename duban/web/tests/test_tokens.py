"""Personal API tokens under the profile: listed, created with the secret shown once, revoked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import ApiToken
from duban.accounts.services import token_authenticate, token_create
from duban.web.tokens import NAME_REQUIRED

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/account/tokens/"
# Session, user, organisation (in the top bar), the tokens: however many tokens there are.
TOKENS_PAGE_QUERIES = 5  # the last: unread notifications, counted for the menu


def _secret(html: str) -> str:
    match = re.search(r'<code class="secret">(dbn_[^<]+)</code>', html)
    assert match, "no secret on the page"
    return match.group(1)


def test_the_page_lists_the_users_tokens_with_prefix_name_and_use(client, personas):
    token_create(user=personas.liaison, name="OA 对接")
    token_create(user=personas.leader, name="领导的令牌")
    client.force_login(personas.liaison)

    html = client.get(URL).text

    assert "OA 对接" in html
    assert "领导的令牌" not in html
    assert ApiToken.objects.get(name="OA 对接").prefix in html
    assert "从未使用" in html


@pytest.mark.parametrize("tokens", [1, 5])
def test_the_page_costs_a_fixed_number_of_queries(client, personas, django_assert_num_queries, tokens):
    for n in range(tokens):
        token_create(user=personas.liaison, name=f"令牌{n}")
    client.force_login(personas.liaison)

    with django_assert_num_queries(TOKENS_PAGE_QUERIES):
        assert client.get(URL).status_code == 200


def test_a_new_tokens_secret_is_shown_once_and_works(client, personas):
    client.force_login(personas.liaison)

    response = client.post(URL, {"name": "OA 对接"}, follow=True)

    secret = _secret(response.text)
    assert token_authenticate(secret=secret) == personas.liaison
    assert "no-store" in response.headers["Cache-Control"]
    assert "dbn_" not in client.get(URL).text.replace(ApiToken.objects.get().prefix, "")


def test_with_htmx_the_secret_comes_back_in_place(client, personas):
    client.force_login(personas.liaison)

    response = client.post(URL, {"name": "OA 对接"}, **HTMX)

    assert "<html" not in response.text
    assert token_authenticate(secret=_secret(response.text)) == personas.liaison


def test_a_token_needs_a_name_said_beside_the_field(client, personas):
    client.force_login(personas.liaison)

    response = client.post(URL, {"name": "  "}, **HTMX)

    assert f'id="id_name_error">{NAME_REQUIRED}' in response.text
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_and_is_listed_as_revoked(client, personas):
    issued = token_create(user=personas.liaison, name="OA 对接")
    client.force_login(personas.liaison)

    response = client.post(reverse("account:token_revoke", args=[issued.token.pk]), **HTMX)

    assert "已撤销" in response.text
    assert token_authenticate(secret=issued.secret) is None
    assert (
        Client(headers={"Authorization": f"Bearer {issued.secret}"}).get("/api/v1/units").status_code == 401
    )


def test_nobody_revokes_someone_elses_token(client, personas):
    issued = token_create(user=personas.leader, name="领导的令牌")
    client.force_login(personas.admin)

    response = client.post(reverse("account:token_revoke", args=[issued.token.pk]))

    assert response.status_code == 404
    assert token_authenticate(secret=issued.secret) == personas.leader
