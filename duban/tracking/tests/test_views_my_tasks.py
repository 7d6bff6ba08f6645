"""My tasks: grouped by plan with a switcher, most urgent first, 退回 and 催办 badges."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from duban.plans.models import Task
from duban.test import Personas
from duban.tracking.services.reminders import reminder_send
from duban.tracking.services.reports import report_return, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


def _lead_numbers(response: object) -> list[list[str]]:
    groups = response.context["groups"]  # type: ignore[attr-defined]
    # Each plan's group holds its parts in order: 牵头的任务, then the supported ones.
    return [[item.row.task.no for item, _ in parts[0].cards] for _, parts in groups]


def test_tasks_of_two_plans_come_in_two_groups_with_a_switcher(client: Client, personas: Personas) -> None:
    first = published_plan(personas, tasks=3)
    second = published_plan(personas, tasks=3)
    client.force_login(personas.liaison)

    everything = client.get(reverse("tracking:my_tasks"))
    one = client.get(reverse("tracking:my_tasks"), {"plan": first.pk})

    assert [g.plan for g, _ in everything.context["groups"]] == [second, first]
    assert 'aria-label="按方案查看"' in everything.text
    assert [g.plan for g, _ in one.context["groups"]] == [first]
    assert one.context["chosen"] == first.pk


def test_one_plan_needs_no_switcher(client: Client, personas: Personas) -> None:
    published_plan(personas, tasks=3)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"))

    assert 'aria-label="按方案查看"' not in response.text


def test_a_returned_report_comes_first_then_red_then_what_is_due(client: Client, personas: Personas) -> None:
    plan = published_plan(personas, tasks=5)  # 基教处 leads 1, 3, 5
    for no in (1, 3):
        report = report_save(
            task=task(plan, no),
            unit=personas.basic_ed,
            by=personas.liaison,
            text="进展",
            progress=50,
            submit=True,
            today=TODAY,
        )
        if no == 3:
            report_return(report=report, by=personas.supervisor, reason="请补充数据。")
    Task.objects.filter(plan=plan, no="1").update(deadline=TODAY.replace(month=5))  # overdue: red
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"))

    assert _lead_numbers(response) == [["3", "1", "5"]]
    assert '<span class="badge badge-returned">退回</span>' in response.text


def test_a_urging_is_flagged_until_a_report_answers_it(client: Client, personas: Personas) -> None:
    plan = published_plan(personas, tasks=3)
    five = task(plan, 3)
    reminder_send(task=five, by=personas.supervisor, message="请尽快报送。", units=[personas.basic_ed])
    client.force_login(personas.liaison)

    before = client.get(reverse("tracking:my_tasks"))
    report_save(
        task=five,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已报送",
        progress=40,
        submit=True,
        today=TODAY,
    )
    after = client.get(reverse("tracking:my_tasks"))

    assert before.text.count("badge-urged") == 1
    assert _lead_numbers(before)[0][0] == "3"  # urged first among equals
    assert "badge-urged" not in after.text


def test_a_draft_and_a_returned_report_are_drawn_open_with_their_forms(client: Client, personas: Personas):
    plan = published_plan(personas, tasks=5)  # 基教处 leads 1, 3, 5
    report_save(task=task(plan, 1), unit=personas.basic_ed, by=personas.liaison, text="草稿<b>", today=TODAY)
    returned = report_save(
        task=task(plan, 3),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=50,
        submit=True,
        today=TODAY,
    )
    report_return(report=returned, by=personas.supervisor, reason="请补充<数据>。")
    client.force_login(personas.liaison)

    page = client.get(reverse("tracking:my_tasks")).text

    assert page.count('<details class="report-box" open>') == 2
    assert "继续填写草稿" in page and "修改被退回的反馈" in page
    assert f'<input type="hidden" name="revise" value="{returned.pk}">' in page
    assert "退回意见：请补充&lt;数据&gt;。" in page  # escaped inside the Django form drawn in a Jinja2 card
    assert page.count('name="csrfmiddlewaretoken"') >= 2
    assert f'<input type="hidden" name="next" value="{reverse("tracking:my_tasks")}">' in page
