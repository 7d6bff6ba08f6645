"""Warnings before publishing: past dates, another year, tasks without a lead, units without a liaison."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import Role
from duban.plans.models import Task, TaskUnit, TaskUnitRole
from duban.plans.selectors import plan_publish_warnings
from duban.test import make_plan, make_user

pytestmark = pytest.mark.django_db


def test_a_plan_of_last_year_warns_of_its_year_its_start_and_its_default_deadline(personas):
    plan = make_plan(personas.org, tasks=3)  # a 2025 plan

    warnings = plan_publish_warnings(plan=plan, today=dt.date(2026, 3, 1))

    assert warnings.other_year and warnings.start_past and warnings.deadline_past
    assert warnings.start == dt.date(2025, 1, 1) and warnings.undated_tasks == 3
    assert warnings.any


def test_it_lists_tasks_whose_deadline_is_past_and_tasks_without_a_lead(personas):
    plan = make_plan(personas.org, tasks=4)
    Task.objects.filter(plan=plan, no__in=["2", "3"]).update(deadline=dt.date(2025, 3, 31))
    Task.objects.filter(plan=plan, no="4").update(deadline=dt.date(2025, 9, 30))
    TaskUnit.objects.filter(task__plan=plan, task__no="3", role=TaskUnitRole.LEAD).delete()

    warnings = plan_publish_warnings(plan=plan, today=dt.date(2025, 6, 1))

    assert warnings.past_deadline_tasks == ["2", "3"]
    assert warnings.no_lead_tasks == ["3"]
    assert not warnings.other_year and not warnings.deadline_past


def test_it_lists_the_units_without_an_active_liaison_but_not_collectives(personas):
    plan = make_plan(personas.org, tasks=3)  # 基础教育处, 计财处, 办公室 lead; 各处室 supports
    gone = make_user(personas.org, Role.LIAISON, units=[personas.finance])
    gone.is_active = False
    gone.save()

    warnings = plan_publish_warnings(plan=plan, today=dt.date(2025, 6, 1))

    assert [unit.name for unit in warnings.units_without_liaison] == ["计财处"]


def test_a_plan_of_this_year_with_every_unit_staffed_warns_of_nothing(personas):
    plan = make_plan(personas.org, tasks=2)
    make_user(personas.org, Role.LIAISON, units=[personas.finance])

    assert not plan_publish_warnings(plan=plan, today=dt.date(2025, 1, 1)).any


@pytest.mark.parametrize("tasks", [5, 50])
def test_it_takes_two_queries_whatever_the_plan_size(personas, tasks):
    plan = make_plan(personas.org, tasks=tasks)

    with CaptureQueriesContext(connection) as queries:
        plan_publish_warnings(plan=plan, today=dt.date(2026, 1, 1))

    assert len(queries) == 2
