"""`/` and signing in lead each role to the page it works from."""

import pytest
from django.test import Client
from django.urls import reverse

from duban.plans.services import plan_publish
from duban.test import PASSWORD, make_plan


@pytest.fixture
def published(personas):
    make_plan(personas.org, title="2024年方案")
    newest = make_plan(personas.org)
    plan_publish(plan=newest, by=personas.supervisor)
    make_plan(personas.org, title="草稿方案")  # newer, but a draft: not what leaders read
    return newest


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_leaders_and_supervisors_start_from_the_dashboard_of_the_newest_published_plan(
    client, personas, published, persona
):
    client.force_login(getattr(personas, persona))

    response = client.get("/")

    assert response.headers["Location"] == reverse("tracking:plan", args=[published.pk])


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_without_a_published_plan_leaders_and_supervisors_start_from_the_plan_list(client, personas, persona):
    make_plan(personas.org)  # a draft only
    client.force_login(getattr(personas, persona))

    assert client.get("/").headers["Location"] == reverse("plans:list")


def test_a_liaison_starts_from_my_tasks(client, personas, published):
    client.force_login(personas.liaison)

    assert client.get("/").headers["Location"] == reverse("tracking:my_tasks")


def test_an_admin_starts_from_the_plan_list(client, personas, published):
    client.force_login(personas.admin)

    assert client.get("/").headers["Location"] == reverse("plans:list")


def test_an_outsider_never_starts_from_another_organisations_plan(client, personas, published):
    client.force_login(personas.outsider)  # a supervisor of organisation B, which has no plan

    assert client.get("/").headers["Location"] == reverse("plans:list")


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    assert client.get("/").headers["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("username", "page"),
    [("leader", "dashboard"), ("supervisor", "dashboard"), ("liaison", "my_tasks"), ("org_admin", "plans")],
)
def test_signing_in_leads_each_role_to_its_page(personas, published, username, page):
    expected = {
        "dashboard": reverse("tracking:plan", args=[published.pk]),
        "my_tasks": reverse("tracking:my_tasks"),
        "plans": reverse("plans:list"),
    }[page]
    client = Client()

    response = client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == expected
    assert response.status_code == 200


def test_signing_in_from_a_link_goes_back_to_it(personas, published):
    target = reverse("tracking:notifications")

    response = Client().post(
        reverse("login") + f"?next={target}", {"username": "leader", "password": PASSWORD, "next": target}
    )

    assert response.headers["Location"] == target
