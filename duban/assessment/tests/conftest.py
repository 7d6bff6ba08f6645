"""A published plan of organisation A half-way through 2025, with rated reports and a half-year scheme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from duban.assessment.rules import Scheme, default_scheme
from duban.assessment.services import scheme_save
from duban.plans.models import Plan, Task
from duban.plans.services import plan_publish
from duban.test import Hierarchy, Personas, make_hierarchy, make_plan
from duban.tracking.services import reports
from duban.tracking.services.cascade import tasks_cascade

TODAY = dt.date(2025, 7, 10)


@dataclass
class Assessed:
    personas: Personas
    plan: Plan


def half_year(year: int = 2025) -> Scheme:
    """The default items over the first two quarters, weighted 40/60."""
    scheme = default_scheme(year)
    first, second = scheme.periods[:2]
    return Scheme(
        items=scheme.items,
        periods=(
            type(first)(first.label, first.start, first.end, 40),
            type(second)(second.label, second.start, second.end, 60),
        ),
        grades=scheme.grades,
    )


def assessed_plan(personas: Personas, tasks: int = 6) -> Plan:
    """Published on 1 January; 基础教育处 reports on task 1 in January (rated 优) and February (rated 差)."""
    plan = plan_publish(plan=make_plan(personas.org, tasks=tasks), by=personas.supervisor)
    first = Task.objects.get(plan=plan, no="1")
    for day, progress, quality in (
        (dt.date(2025, 1, 20), 20, "excellent"),
        (dt.date(2025, 2, 20), 30, "poor"),
    ):
        report = reports.report_save(
            task=first,
            unit=personas.basic_ed,
            by=personas.liaison,
            text="推进中。",
            progress=progress,
            submit=True,
            today=day,
        )
        reports.report_approve(report=report, by=personas.supervisor, quality=quality)
    scheme_save(plan=plan, scheme=half_year(), by=personas.supervisor)
    return plan


@pytest.fixture
def assessed(personas: Personas, settings: Any) -> Assessed:
    settings.DUBAN_TODAY = TODAY.isoformat()
    return Assessed(personas=personas, plan=assessed_plan(personas))


@dataclass
class WithCounties:
    """The assessed plan with task 2 sent to 甲县教育局; its sibling 乙县教育局 received nothing."""

    personas: Personas
    plan: Plan
    hierarchy: Hierarchy


@pytest.fixture
def with_counties(assessed: Assessed) -> WithCounties:
    hierarchy = make_hierarchy(assessed.personas)
    tasks_cascade(
        tasks=[Task.objects.get(plan=assessed.plan, no="2")],
        organizations=[hierarchy.county],
        by=assessed.personas.supervisor,
    )
    return WithCounties(personas=assessed.personas, plan=assessed.plan, hierarchy=hierarchy)
