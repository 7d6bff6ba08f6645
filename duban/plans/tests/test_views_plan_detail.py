import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import Task
from duban.test import make_plan
from duban.tracking.tests.helpers import TODAY, published_plan


def url(plan, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("plans:detail", args=[plan.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def plan(personas):
    return make_plan(personas.org, tasks=6)


def task_numbers(response, key="sections"):
    return [row.task.no for group in response.context[key] for row in group.rows]


def test_it_requires_login(client, plan):
    response = client.get(url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_organizations_plan_does_not_exist(client, personas, plan):
    client.force_login(personas.outsider)

    assert client.get(url(plan)).status_code == 404


def test_it_shows_the_sections_and_tasks_in_order(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.get(url(plan))

    assert response.status_code == 200
    assert [group.section.title for group in response.context["sections"]] == ["深化教育改革", "扩大优质资源"]
    assert task_numbers(response) == ["1", "2", "3", "4", "5", "6"]
    assert "一、深化教育改革" in response.text
    assert "基础教育处" in response.text


def test_it_marks_targets_inside_the_task_text(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.get(url(plan))

    assert "<mark>新增学位100个</mark>" in response.text
    assert "<mark>覆盖面达到90%</mark>" in response.text


def test_it_escapes_task_text(client, personas, plan):
    Task.objects.filter(plan=plan, no="1").update(text="<script>alert(1)</script>新增学位100个")
    client.force_login(personas.liaison)

    response = client.get(url(plan))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_it_searches_by_task_text_and_number(client, personas, plan):
    client.force_login(personas.liaison)

    assert task_numbers(client.get(url(plan, q="第4号"))) == ["4"]
    assert task_numbers(client.get(url(plan, q="5"))) == ["5"]


def test_it_says_so_when_a_search_finds_nothing(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.get(url(plan, q="不存在的内容"))

    assert response.context["sections"] == []
    assert "没有符合“不存在的内容”的任务" in response.text


def test_it_filters_by_unit_into_lead_and_support_lists(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.get(url(plan, unit=personas.basic_ed.pk))

    unit_tasks = response.context["unit_tasks"]
    # 基础教育处 leads the odd tasks and, as one of 各处室, supports task 6.
    assert [row.task.no for row in unit_tasks.lead] == ["1", "3", "5"]
    assert [(row.task.no, row.via) for row in unit_tasks.support] == [("6", "各处室")]
    assert "基础教育处 牵头的任务" in response.text


def test_a_collective_filter_shows_the_tasks_naming_it(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.get(url(plan, unit=personas.all_departments.pk))

    unit_tasks = response.context["unit_tasks"]
    assert unit_tasks.lead == []
    assert [(row.task.no, row.via) for row in unit_tasks.support] == [("3", None), ("6", None)]
    assert "没有牵头的任务" in response.text


def test_it_ignores_a_unit_of_another_organization(client, personas, plan):
    client.force_login(personas.liaison)
    foreign = personas.other_org.units.get()

    response = client.get(url(plan, unit=foreign.pk))

    assert response.context["unit"] is None
    assert "unit_tasks" not in response.context


@pytest.mark.parametrize(
    "filters",
    [{}, {"q": "学位"}, {"unit": "basic_ed"}, {"light": "red"}, {"state": "overdue"}, {"section": "first"}],
)
def test_its_query_count_does_not_grow_with_the_number_of_tasks(
    client, personas, django_assert_num_queries, filters
):
    small = make_plan(personas.org, tasks=5, title="小方案")
    large = make_plan(personas.org, tasks=50, title="大方案")
    if "unit" in filters:
        filters = {"unit": personas.basic_ed.pk}
    small_filters, large_filters = filters, filters
    if "section" in filters:
        small_filters = {"section": small.sections.get(position=0).pk}
        large_filters = {"section": large.sections.get(position=0).pk}
    client.force_login(personas.liaison)
    client.get(url(small, **small_filters))  # warm up the session

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url(small, **small_filters)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert client.get(url(large, **large_filters)).status_code == 200
    # session, user, plan, tasks with sections, units and targets (sections and units by id, so no
    # whole table is joined), statuses (2), filters, unread notifications (menu)
    assert len(small_queries) <= 17


def test_each_task_shows_its_light_progress_and_state_once_published(client, personas, settings):
    settings.DUBAN_TODAY = TODAY.isoformat()
    plan = published_plan(personas, tasks=3)
    client.force_login(personas.leader)

    response = client.get(url(plan))

    assert response.text.count('class="light light-') == 3
    assert "未启动" in response.text
    assert reverse("tracking:task", args=[Task.objects.get(plan=plan, no="1").pk]) in response.text


def test_it_filters_by_light_state_and_section(client, personas, settings):
    settings.DUBAN_TODAY = TODAY.isoformat()
    plan = published_plan(personas, tasks=6)
    Task.objects.filter(plan=plan, no="2").update(state="completed", progress=100)
    first_section = plan.sections.get(position=0)
    client.force_login(personas.leader)

    assert task_numbers(client.get(url(plan, state="completed"))) == ["2"]
    assert task_numbers(client.get(url(plan, light="green"))) == ["2"]
    assert task_numbers(client.get(url(plan, light="red"))) == ["1", "3", "4", "5", "6"]
    assert task_numbers(client.get(url(plan, section=first_section.pk))) == ["1", "2", "3"]


def test_the_export_buttons_follow_the_plans_details(client, personas, plan):
    client.force_login(personas.leader)

    response = client.get(url(plan))

    assert response.text.index("</dl>") < response.text.index("export-buttons")
    assert reverse("reports:export", args=[plan.pk, "ledger"]) in response.text
