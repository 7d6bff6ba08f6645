"""Counts and rates over groups of tasks, and the plan's cycle, thresholds and year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from duban.plans.models import Plan, TaskState
from duban.tracking.rules.dates import Cycle
from duban.tracking.rules.status import TaskStatus
from duban.tracking.rules.thresholds import Light, Thresholds


@dataclass(frozen=True)
class Summary:
    """Counts and rates over a group of tasks (a plan, a section, a unit)."""

    total: int
    completed: int
    due: int  # completed, or past their deadline: the tasks that should be done by now
    completed_on_time: int
    overdue: int
    lights: Mapping[str, int]
    reports_owed: int
    reports_made: int

    @property
    def completion_rate(self) -> float | None:
        """办结率: completed tasks among all."""
        return _rate(self.completed, self.total)

    @property
    def on_time_completion_rate(self) -> float | None:
        """按期办结率: tasks completed by their deadline among those due."""
        return _rate(self.completed_on_time, self.due)

    @property
    def overdue_rate(self) -> float | None:
        """逾期率: tasks open past their deadline or completed late, among those due."""
        return _rate(self.overdue, self.due)

    @property
    def reports_on_time_rate(self) -> float | None:
        """按时报送率: cycles reported by their due day among those owed so far."""
        return _rate(self.reports_made, self.reports_owed)


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def summarize(statuses: Iterable[TaskStatus], *, today: dt.date) -> Summary:
    """Aggregate task statuses into counts and rates."""
    items = list(statuses)
    lights = {light.value: 0 for light in Light}
    for status in items:
        lights[status.light.value] += 1
    completed = [s for s in items if s.state == TaskState.COMPLETED]
    due = [s for s in items if s.state == TaskState.COMPLETED or today > s.deadline]
    return Summary(
        total=len(items),
        completed=len(completed),
        due=len(due),
        completed_on_time=sum(1 for s in completed if s.completed_on_time),
        overdue=sum(1 for s in due if s.overdue),
        lights=lights,
        reports_owed=sum(s.missed.owed for s in items),
        reports_made=sum(s.missed.owed - s.missed.missed for s in items),
    )


def cycle_of(plan: Plan) -> Cycle:
    """The reporting cycle a plan was published with."""
    custom = tuple(sorted(dt.date.fromisoformat(str(d)) for d in plan.custom_due_dates or []))
    return Cycle(kind=plan.cycle, due_day=plan.due_day, custom_dates=custom)


def thresholds_of(plan: Plan) -> Thresholds:
    """DESIGN's thresholds with the plan's overrides."""
    return Thresholds.from_overrides(plan.rules if isinstance(plan.rules, dict) else None)


def plan_year(plan: Plan) -> int:
    """The year a plan runs in: its own, else that of its start or issue date."""
    day = plan.start_date or plan.issue_date
    return plan.year or (day.year if day else dt.date.today().year)
