"""The tracking rules as pure functions: state, expected progress, pace, lights, missed cycles, aggregates.

Nothing here reads the database or the clock: every date comes in as an argument, so each rule is
tested with plain values. The defaults are DESIGN.md's; a plan overrides them in `Plan.rules`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum

from duban.plans.models import Plan, ReportingCycle, TargetOp, TaskState


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules compare against; each plan may override any of them."""

    ahead_points: int = 10  # ahead of pace: progress ≥ expected + this
    behind_points: int = 10  # behind pace: progress < expected − this
    red_behind_points: int = 25  # red: behind by more than this
    red_missed_cycles: int = 2  # red: this many cycles missed in a row
    yellow_missed_cycles: int = 1  # yellow: this many cycles missed in a row
    due_soon_days: int = 14  # yellow: deadline within this many days…
    due_soon_progress: int = 90  # …and progress below this
    remind_days_before: int = 3  # due-soon reminders start this many days before the due day

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object] | None) -> Thresholds:
        """The defaults with the plan's overrides; unknown keys and non-integers are ignored."""
        known = {f.name for f in fields(cls)}
        values: dict[str, int] = {}
        for key, value in (overrides or {}).items():
            if key in known and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                values[key] = value
        return cls(**values)


class Pace(StrEnum):
    BEHIND = "behind"
    ON = "on"
    AHEAD = "ahead"

    @property
    def label(self) -> str:
        """The Chinese name: 欠进度 / 达进度 / 超进度."""
        return {"behind": "欠进度", "on": "达进度", "ahead": "超进度"}[self.value]


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"  # suspended (中止) tasks carry no light

    @property
    def label(self) -> str:
        """The Chinese name: 绿灯 / 黄灯 / 红灯."""
        return {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "none": "无"}[self.value]


# --- Task states -------------------------------------------------------------------------------------


class Action(StrEnum):
    REPORT = "report"
    REQUEST_COMPLETION = "request_completion"
    APPROVE_COMPLETION = "approve_completion"
    RETURN_COMPLETION = "return_completion"
    REQUEST_EXTENSION = "request_extension"


_TRANSITIONS: dict[str, dict[Action, str]] = {
    TaskState.NOT_STARTED: {
        Action.REPORT: TaskState.IN_PROGRESS,
        Action.REQUEST_COMPLETION: TaskState.COMPLETION_REQUESTED,
        Action.REQUEST_EXTENSION: TaskState.NOT_STARTED,
    },
    TaskState.IN_PROGRESS: {
        Action.REPORT: TaskState.IN_PROGRESS,
        Action.REQUEST_COMPLETION: TaskState.COMPLETION_REQUESTED,
        Action.REQUEST_EXTENSION: TaskState.IN_PROGRESS,
    },
    TaskState.COMPLETION_REQUESTED: {
        Action.REPORT: TaskState.COMPLETION_REQUESTED,
        Action.APPROVE_COMPLETION: TaskState.COMPLETED,
        Action.RETURN_COMPLETION: TaskState.IN_PROGRESS,
        Action.REQUEST_EXTENSION: TaskState.COMPLETION_REQUESTED,
    },
    TaskState.COMPLETED: {},
}


def state_after(state: str, action: Action) -> str | None:
    """The task state an action leads to, or None when the state does not allow it."""
    return _TRANSITIONS.get(state, {}).get(action)


# --- Dates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cycle:
    """A plan's reporting cycle: monthly or quarterly by a due day, or an explicit list of dates."""

    kind: str = ReportingCycle.MONTHLY
    due_day: int = 25
    custom_dates: tuple[dt.date, ...] = ()


def _due_in_month(year: int, month: int, due_day: int) -> dt.date:
    # A due day of 31 means the month's last day in shorter months.
    return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


def period_for(cycle: Cycle, day: dt.date) -> dt.date | None:
    """The cycle a report made on `day` belongs to: the first due date on or after it."""
    if cycle.kind == ReportingCycle.CUSTOM:
        return next((d for d in sorted(cycle.custom_dates) if d >= day), None)
    months = (3, 6, 9, 12) if cycle.kind == ReportingCycle.QUARTERLY else tuple(range(1, 13))
    year = day.year
    while True:
        for month in months:
            due = _due_in_month(year, month, cycle.due_day)
            if due >= day:
                return due
        year += 1


def due_dates(cycle: Cycle, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every due date from `start` to `end`, both included."""
    return list(_due_dates(cycle, start, end))


@functools.lru_cache(maxsize=8192)
def _due_dates(cycle: Cycle, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    # Pure and asked for every task of a plan with the same few (start, end) pairs: computed once each.
    result: list[dt.date] = []
    day = start
    while day <= end:
        due = period_for(cycle, day)
        if due is None or due > end:
            break
        result.append(due)
        day = due + dt.timedelta(days=1)
    return tuple(result)


def task_start(
    *, plan_start: dt.date | None, issue_date: dt.date | None, year: int, own: dt.date | None = None
) -> dt.date:
    """A task runs from its own start (an ad-hoc item's 交办日期), else the plan's start date, else its issue
    date, else 1 January of its year."""
    return own or plan_start or issue_date or dt.date(year, 1, 1)


def task_deadline(
    *, deadline: dt.date | None, extended: dt.date | None, default: dt.date | None, year: int
) -> dt.date:
    """The deadline in force: an approved extension, else the task's, else the plan's, else 31 December."""
    return extended or deadline or default or dt.date(year, 12, 31)


def expected_progress(*, start: dt.date, end: dt.date, today: dt.date) -> int:
    """序时进度: the elapsed share of the task's time span, in whole percent."""
    if today <= start:
        return 0
    if today >= end:
        return 100
    return round(100 * (today - start).days / (end - start).days)


def pace(*, progress: int | None, expected: int, thresholds: Thresholds) -> Pace:
    """Behind, on or ahead of the expected progress (no approved report counts as 0 %)."""
    actual = progress or 0
    if actual >= expected + thresholds.ahead_points:
        return Pace.AHEAD
    if actual < expected - thresholds.behind_points:
        return Pace.BEHIND
    return Pace.ON


@dataclass(frozen=True)
class Missed:
    """Cycles that were due with no report: in all, and in a row up to the latest due date."""

    owed: int
    missed: int
    in_a_row: int


def missed_cycles(*, owed: Sequence[dt.date], reported: Iterable[dt.date], today: dt.date) -> Missed:
    """Count the due dates before today that have no submitted report."""
    done = set(reported)
    past = [d for d in sorted(owed) if d < today]
    in_a_row = 0
    for due in reversed(past):
        if due in done:
            break
        in_a_row += 1
    return Missed(owed=len(past), missed=sum(1 for d in past if d not in done), in_a_row=in_a_row)


def is_overdue(*, deadline: dt.date, completed_on: dt.date | None, today: dt.date) -> bool:
    """Past its deadline and not completed, or completed after it."""
    if completed_on is not None:
        return completed_on > deadline
    return today > deadline


def target_met(*, op: str, target: Decimal, actual: Decimal | None) -> bool | None:
    """Whether the latest approved value satisfies the target (None when nothing was reported)."""
    if actual is None:
        return None
    if op == TargetOp.AT_MOST:
        return actual <= target
    if op == TargetOp.EQUAL:
        return actual == target
    # `>=` and `+` (an increase by): the reported value is the level or the increase achieved so far.
    return actual >= target


# --- One task ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFacts:
    """What the rules need to know about a task, read from its history."""

    start: dt.date
    deadline: dt.date  # as issued (or the plan's default)
    extended_deadline: dt.date | None
    state: str
    progress: int | None
    completed_on: dt.date | None = None
    suspended: bool = False
    reported: frozenset[dt.date] = frozenset()  # cycles with a submitted lead report
    stopped_on: dt.date | None = None  # reports are no longer owed after this (completion requested)


@dataclass(frozen=True)
class TaskStatus:
    """The state of a task on one day, as the rules see it."""

    state: str
    deadline: dt.date
    extended: bool
    expected: int
    progress: int
    pace: Pace
    light: Light
    missed: Missed
    overdue: bool
    completed_on_time: bool
    reasons: tuple[str, ...] = field(default=())


def task_status(facts: TaskFacts, *, cycle: Cycle, thresholds: Thresholds, today: dt.date) -> TaskStatus:
    """Expected progress, pace, missed cycles, overdue and light of a task on `today`."""
    deadline = facts.extended_deadline or facts.deadline
    completed = facts.state == TaskState.COMPLETED
    progress = 100 if completed else facts.progress or 0
    expected = expected_progress(start=facts.start, end=deadline, today=today)
    owed_until = min(d for d in (deadline, facts.stopped_on, facts.completed_on) if d is not None)
    owed = _due_dates(cycle, facts.start, owed_until)
    missed = missed_cycles(owed=owed, reported=facts.reported, today=today)
    overdue = is_overdue(
        deadline=deadline, completed_on=facts.completed_on if completed else None, today=today
    )
    current_pace = Pace.ON if completed else pace(progress=progress, expected=expected, thresholds=thresholds)
    light, reasons = _light(
        facts=facts,
        deadline=deadline,
        progress=progress,
        expected=expected,
        current_pace=current_pace,
        missed=missed,
        thresholds=thresholds,
        today=today,
    )
    return TaskStatus(
        state=facts.state,
        deadline=deadline,
        extended=facts.extended_deadline is not None,
        expected=expected,
        progress=progress,
        pace=current_pace,
        light=light,
        missed=missed,
        overdue=overdue,
        completed_on_time=completed and not overdue,
        reasons=tuple(reasons),
    )


def _light(
    *,
    facts: TaskFacts,
    deadline: dt.date,
    progress: int,
    expected: int,
    current_pace: Pace,
    missed: Missed,
    thresholds: Thresholds,
    today: dt.date,
) -> tuple[Light, list[str]]:
    if facts.suspended:
        return Light.NONE, ["已中止"]
    if facts.state == TaskState.COMPLETED:
        return Light.GREEN, []
    red: list[str] = []
    if today > deadline:
        red.append(f"已超过完成时限（{deadline:%Y-%m-%d}）")
    if expected - progress > thresholds.red_behind_points:
        red.append(f"落后序时进度 {expected - progress} 个百分点")
    if missed.in_a_row >= thresholds.red_missed_cycles:
        red.append(f"连续 {missed.in_a_row} 期未报送")
    if red:
        return Light.RED, red
    yellow: list[str] = []
    if current_pace == Pace.BEHIND:
        yellow.append(f"欠进度（序时 {expected}%，实际 {progress}%）")
    if missed.in_a_row >= thresholds.yellow_missed_cycles:
        yellow.append(f"{missed.in_a_row} 期未报送")
    if (deadline - today).days <= thresholds.due_soon_days and progress < thresholds.due_soon_progress:
        yellow.append(f"距完成时限不足 {thresholds.due_soon_days} 天，进度 {progress}%")
    return (Light.YELLOW, yellow) if yellow else (Light.GREEN, [])


def is_lagging(status: TaskStatus) -> bool:
    """进度滞后: open, not past its deadline (that is 逾期) and behind pace; every export asks this."""
    return (
        status.state != TaskState.COMPLETED
        and status.light != Light.NONE
        and not status.overdue
        and status.pace == Pace.BEHIND
    )


# --- Aggregates --------------------------------------------------------------------------------------


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
