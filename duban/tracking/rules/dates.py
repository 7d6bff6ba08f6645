"""Dates: reporting cycles, a task's start and deadline, expected progress, pace, missed cycles, targets."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from duban.plans.models import ReportingCycle, TargetOp
from duban.tracking.rules.thresholds import Pace, Thresholds


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
    return list(due_date_tuple(cycle, start, end))


@functools.lru_cache(maxsize=8192)
def due_date_tuple(cycle: Cycle, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
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
