"""Plan query methods: what they count and how they reach the rows."""

from __future__ import annotations

from typing import Any

import pytest

from duban.plans.models import Plan, Section, Task
from duban.test import make_organization, make_plan

pytestmark = pytest.mark.django_db


def test_counts_are_each_plans_tasks_and_sections() -> None:
    org = make_organization()
    big, small = make_plan(org, 6, title="大方案"), make_plan(org, 2, title="小方案")
    empty = make_plan(org, 1, title="空方案")
    Task.objects.filter(plan=empty).delete()
    Section.objects.filter(plan=empty).delete()
    plans: list[Any] = list(Plan.objects.with_counts())  # the counts are annotations
    counts = {p.pk: (p.task_count, p.section_count) for p in plans}
    assert counts == {big.pk: (6, 2), small.pk: (2, 2), empty.pk: (0, 0)}


def test_counts_read_each_table_on_its_own_rather_than_joining_them() -> None:
    sql = str(Plan.objects.with_counts().query).upper()
    assert " JOIN " not in sql
    assert sql.count("COUNT(") == 2
