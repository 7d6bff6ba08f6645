from django.urls import reverse

from duban.test import make_plan

URL = reverse("plans:list")


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_the_plans_of_the_users_organization_only(client, personas):
    make_plan(personas.org, title="A的方案")
    make_plan(personas.other_org, title="B的方案")
    client.force_login(personas.liaison)

    response = client.get(URL)

    assert response.status_code == 200
    assert "A的方案" in response.text
    assert "B的方案" not in response.text


def test_it_says_so_when_there_are_no_plans(client, personas):
    client.force_login(personas.leader)

    response = client.get(URL)

    assert "本单位还没有方案" in response.text


def test_the_login_page_speaks_chinese(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "登录督办系统" in response.text
