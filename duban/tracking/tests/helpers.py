"""Tracking test helpers: a published plan of organisation A (personas from duban.test)."""

from __future__ import annotations

import datetime as dt

from duban.plans.models import Plan, Task
from duban.plans.services import plan_publish
from duban.test import Personas, make_plan

# Mid-year in the plan of duban.test: 2025, reports due monthly on the 25th.
TODAY = dt.date(2025, 6, 20)


def published_plan(personas: Personas, tasks: int = 6, **options: object) -> Plan:
    """make_plan's plan, published by the supervisor with DESIGN's defaults."""
    plan = make_plan(personas.org, tasks=tasks)
    return plan_publish(plan=plan, by=personas.supervisor, **options)  # type: ignore[arg-type]


def task(plan: Plan, no: int) -> Task:
    """A task of the plan by number, with its plan loaded."""
    return Task.objects.select_related("plan").get(plan=plan, no=str(no))
