"""The dashboard: the plan switcher, one plan for the logo and 总览, targets against 序时, the ranking."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from duban.accounts.models import Unit, UnitKind
from duban.plans.models import Target, TaskUnit, TaskUnitRole
from duban.plans.services import plan_publish
from duban.test import Personas, make_plan
from duban.tracking.selectors import plan_dashboard
from duban.tracking.tests.helpers import TODAY, published_plan
from duban.tracking.views.dashboard import chart_texts


@pytest.fixture(autouse=True)
def _today(settings: Settings) -> None:
    settings.DUBAN_TODAY = TODAY.isoformat()


def test_the_plan_title_is_the_heading_and_a_switcher_lists_the_published_plans(
    client: Client, personas: Personas
) -> None:
    first = published_plan(personas, tasks=2)
    second = make_plan(personas.org, tasks=2, title="2025年第二个方案")
    plan_publish(plan=second, by=personas.supervisor)
    make_plan(personas.org, tasks=1, title="未发布的方案")
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:plan", args=[first.pk]))

    assert f"<h1>{first.title}</h1>" in response.text
    assert [p.pk for p in response.context["plans"]] == [second.pk, first.pk]
    assert "未发布的方案" not in response.text


def test_the_logo_and_zonglan_open_the_plan_last_looked_at(client: Client, personas: Personas) -> None:
    older = published_plan(personas, tasks=2)
    newer = published_plan(personas, tasks=2)
    client.force_login(personas.leader)
    assert (
        client.get("/")["Location"]
        == client.get(reverse("tracking:dashboard"))["Location"]
        == reverse("tracking:plan", args=[newer.pk])
    )

    client.get(reverse("tracking:dashboard"), {"plan": older.pk})  # the switcher
    client.get(reverse("tracking:plan", args=[older.pk]))

    expected = reverse("tracking:plan", args=[older.pk])
    assert client.get("/")["Location"] == expected
    assert client.get(reverse("tracking:dashboard"))["Location"] == expected


def test_the_switcher_ignores_a_plan_of_another_organisation(client: Client, personas: Personas) -> None:
    own = published_plan(personas, tasks=2)
    other = make_plan(personas.other_org, tasks=2)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:dashboard"), {"plan": other.pk})

    assert response["Location"] == reverse("tracking:plan", args=[own.pk])


def test_targets_at_mid_year_are_read_against_their_share_of_the_year(personas: Personas) -> None:
    plan = published_plan(personas, tasks=2)
    # 新增学位100个 (task 1): 60 reported at mid-year keeps pace, not met; 覆盖面 90%: 20 is behind.
    Target.objects.filter(task__plan=plan, task__no="1", metric="新增学位").update(latest_value=60)
    Target.objects.filter(task__plan=plan, task__no="1", metric="覆盖面").update(latest_value=20)

    board = plan_dashboard(plan=plan, today=TODAY)

    assert (board.overall.targets_total, board.overall.targets_met) == (4, 0)
    assert (board.overall.targets_on_pace, board.overall.targets_behind) == (1, 1)
    assert board.overall.targets_unreported == 2
    assert "达到序时 1 项，落后序时 1 项，未报 0 项" in chart_texts(board)["targets"]


def test_equal_figures_share_a_place_and_a_collective_is_not_ranked(personas: Personas) -> None:
    plan = published_plan(personas, tasks=4)  # odd tasks led by 基教处 and 计财处, even ones by 办公室
    collective = Unit.objects.get(organization=personas.org, name="各处室")  # a support unit of task 3
    assert collective.kind == UnitKind.COLLECTIVE
    task = plan.tasks.get(no="2")
    TaskUnit.objects.create(
        organization=personas.org, task=task, unit=collective, role=TaskUnitRole.LEAD, position=9
    )

    board = plan_dashboard(plan=plan, today=TODAY)

    places = {g.label: (g.place, g.tied) for g in board.units}
    assert "各处室" not in places
    assert places["基础教育处"] == places["计财处"] == (1, True)  # the same tasks, the same figures
    assert "第1名（并列）" in chart_texts(board)["units"]
