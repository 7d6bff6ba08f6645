"""分解下达 pages: sending, the roll-up (constant queries), the dashboard's sum, 签收, a sibling's 404s."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import CascadeLink, Target, Task
from duban.tracking.services.cascade import tasks_cascade
from duban.tracking.tests.cascade_helpers import cascaded
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def _login(client, user):
    client.force_login(user)
    return client


def test_the_send_page_prefills_an_even_split_and_refuses_shares_that_do_not_add_up(
    client, personas, hierarchy
):
    plan = published_plan(personas, tasks=4)
    parent = task(plan, 2)
    places = parent.targets.get(metric="新增学位")
    url = reverse("tracking:cascade_send", args=[plan.pk])
    orgs = {"org": [hierarchy.county.pk, hierarchy.sibling.pk]}
    _login(client, personas.supervisor)

    form = client.get(url, {**orgs, "task": [parent.pk]})
    refused = client.post(
        url,
        {
            **orgs,
            "task": [parent.pk],
            f"split-{places.pk}": "1",
            f"share-{places.pk}-{hierarchy.county.pk}": "150",
            f"share-{places.pk}-{hierarchy.sibling.pk}": "20",
        },
    )

    assert f'name="share-{places.pk}-{hierarchy.county.pk}" value="100"' in form.text
    assert "合计为 170，应等于上级目标 200" in refused.text
    assert not CascadeLink.objects.exists()


def test_a_whole_section_is_sent_and_the_page_leads_to_the_rollup(client, personas, hierarchy):
    plan = published_plan(personas, tasks=4)
    section = task(plan, 1).section
    assert section is not None
    _login(client, personas.supervisor)
    fields = {"org": [hierarchy.county.pk], "section": [section.pk]}
    targets = {
        f"share-{t.pk}-{hierarchy.county.pk}": str(t.value)
        for t in Target.objects.filter(task__section=section)
    }

    response = client.post(reverse("tracking:cascade_send", args=[plan.pk]), {**fields, **targets})

    assert response.status_code == 302 and response["Location"] == reverse("tracking:rollup", args=[plan.pk])
    assert set(CascadeLink.objects.values_list("parent_task__no", flat=True)) == {"1", "2"}


def test_the_rollup_shows_each_county_and_the_sum_against_the_city_target(client, personas):
    world = cascaded(personas, 3)
    _login(client, personas.leader)

    page = client.get(reverse("tracking:rollup", args=[world.plan.pk]))
    dashboard = client.get(reverse("tracking:plan", args=[world.plan.pk]))

    assert all(county.name in page.text for county in world.counties)
    # Three counties each reported 30 new places: 90 against the city's 200, split 67 + 67 + 66.
    for text in (page.text, dashboard.text):
        assert "下级承接汇总" in dashboard.text
        assert '<td class="num">200个</td><td class="num">200个</td>' in text
        assert "90个" in text


@pytest.mark.parametrize("page", ["tracking:rollup", "tracking:plan"])
def test_rollup_queries_do_not_grow_with_the_number_of_subordinates(
    client, personas, page, django_assert_num_queries
):
    small = cascaded(personas, 2)
    _login(client, personas.leader)
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse(page, args=[small.plan.pk]))
    CascadeLink.objects.all().delete()
    large = cascaded(personas, 5, name="区")

    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(reverse(page, args=[large.plan.pk]))

    assert response.status_code == 200 and all(c.name in response.text for c in large.counties)


def test_counties_with_equal_progress_share_a_place(client, personas):
    world = cascaded(personas, 2, progress=50)
    Task.objects.filter(pk__in=[link.child_task_id for link in world.links]).update(progress=50)
    _login(client, personas.leader)

    page = client.get(reverse("tracking:rollup", args=[world.plan.pk]))

    places = [line.place for line in page.context["rollup"].organizations]
    assert places == [1, 1]


def test_the_county_reads_the_parent_task_and_signs_for_it(client, personas, hierarchy):
    plan = published_plan(personas, tasks=2)
    link = tasks_cascade(tasks=[task(plan, 1)], organizations=[hierarchy.county], by=personas.supervisor)[0]
    _login(client, hierarchy.county_supervisor)

    page = client.get(reverse("tracking:cascade", args=[link.pk]))
    client.post(reverse("tracking:cascade_accept", args=[link.pk]))
    child_page = client.get(reverse("tracking:task", args=[link.child_task_id]))

    assert task(plan, 1).text in page.text and "签收" in page.text
    link.refresh_from_db()
    assert link.accepted_by == hierarchy.county_supervisor
    assert "上级下达" in child_page.text and "调整时限与节点" not in child_page.text


def test_a_sibling_county_reaches_nothing_of_the_other_county(client, personas, hierarchy):
    plan = published_plan(personas, tasks=2)
    link = tasks_cascade(tasks=[task(plan, 1)], organizations=[hierarchy.county], by=personas.supervisor)[0]
    _login(client, hierarchy.sibling_supervisor)

    answers = [
        client.get(reverse("tracking:cascade", args=[link.pk])).status_code,
        client.post(reverse("tracking:cascade_accept", args=[link.pk])).status_code,
        client.post(reverse("tracking:cascade_units", args=[link.pk])).status_code,
        client.get(reverse("tracking:task", args=[link.child_task_id])).status_code,
        client.get(reverse("tracking:rollup", args=[plan.pk])).status_code,
        client.get(reverse("plans:detail", args=[link.child_task.plan_id])).status_code,
    ]

    assert answers == [404] * 6


def test_the_countys_node_page_shows_the_parents_nodes_without_a_form(client, personas, hierarchy):
    plan = published_plan(personas, tasks=2)
    link = tasks_cascade(tasks=[task(plan, 1)], organizations=[hierarchy.county], by=personas.supervisor)[0]
    _login(client, hierarchy.county_supervisor)

    page = client.get(reverse("tracking:milestones", args=[link.child_task_id]))

    assert page.status_code == 200
    assert "推进计划由上级确定" in page.text and 'value="set"' not in page.text
