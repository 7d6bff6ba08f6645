import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from duban.plans.models import ReportingCycle, TaskState
from duban.tracking import rules
from duban.tracking.rules import Cycle, Light, Pace, TaskFacts, Thresholds

D = dt.date
MONTHLY = Cycle()
DEFAULTS = Thresholds()


def facts(**overrides):
    values: dict[str, Any] = {
        "start": D(2025, 1, 1),
        "deadline": D(2025, 12, 31),
        "extended_deadline": None,
        "state": TaskState.IN_PROGRESS,
        "progress": 50,
        "reported": frozenset({D(2025, m, 25) for m in range(1, 6)}),
    }
    values.update(overrides)
    return TaskFacts(**values)


def status(today, **overrides):
    return rules.task_status(facts(**overrides), cycle=MONTHLY, thresholds=DEFAULTS, today=today)


def test_expected_progress_is_the_elapsed_share_of_the_time_span():
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    assert rules.expected_progress(start=start, end=end, today=D(2024, 12, 1)) == 0
    assert rules.expected_progress(start=start, end=end, today=D(2025, 7, 2)) == 50
    assert rules.expected_progress(start=start, end=end, today=D(2026, 2, 1)) == 100


@pytest.mark.parametrize(
    ("progress", "expected", "pace"),
    [(60, 50, Pace.AHEAD), (59, 50, Pace.ON), (40, 50, Pace.ON), (39, 50, Pace.BEHIND), (None, 5, Pace.ON)],
)
def test_pace_is_ten_points_either_side_of_the_expected_progress(progress, expected, pace):
    assert rules.pace(progress=progress, expected=expected, thresholds=DEFAULTS) == pace


def test_monthly_reports_are_due_on_the_due_day_clamped_to_short_months():
    cycle = Cycle(due_day=31)
    assert rules.period_for(cycle, D(2025, 2, 3)) == D(2025, 2, 28)
    assert rules.period_for(MONTHLY, D(2025, 3, 25)) == D(2025, 3, 25)
    assert rules.period_for(MONTHLY, D(2025, 3, 26)) == D(2025, 4, 25)
    assert rules.period_for(MONTHLY, D(2025, 12, 26)) == D(2026, 1, 25)


def test_quarterly_and_custom_cycles_have_their_own_due_dates():
    quarterly = Cycle(kind=ReportingCycle.QUARTERLY, due_day=10)
    assert rules.due_dates(quarterly, D(2025, 1, 1), D(2025, 12, 31)) == [
        D(2025, 3, 10),
        D(2025, 6, 10),
        D(2025, 9, 10),
        D(2025, 12, 10),
    ]
    custom = Cycle(kind=ReportingCycle.CUSTOM, custom_dates=(D(2025, 9, 1), D(2025, 4, 1)))
    assert rules.period_for(custom, D(2025, 4, 2)) == D(2025, 9, 1)
    assert rules.period_for(custom, D(2025, 9, 2)) is None


def test_missed_cycles_count_due_dates_before_today_without_a_report():
    owed = [D(2025, m, 25) for m in range(1, 7)]
    reported = {D(2025, 1, 25), D(2025, 3, 25)}

    missed = rules.missed_cycles(owed=owed, reported=reported, today=D(2025, 5, 26))

    assert (missed.owed, missed.missed, missed.in_a_row) == (5, 3, 2)


def test_a_task_on_pace_and_reporting_is_green():
    result = status(D(2025, 6, 20))
    assert result.light == Light.GREEN
    assert result.pace == Pace.ON


def test_a_task_behind_pace_is_yellow_and_far_behind_is_red():
    assert status(D(2025, 6, 20), progress=30).light == Light.YELLOW  # expected 47
    far = status(D(2025, 6, 20), progress=20)
    assert far.light == Light.RED
    assert "落后序时进度 27 个百分点" in far.reasons


def test_one_missed_cycle_is_yellow_and_two_in_a_row_are_red():
    reported = frozenset({D(2025, m, 25) for m in range(1, 5)})
    assert status(D(2025, 5, 26), reported=reported).light == Light.YELLOW
    assert status(D(2025, 6, 26), reported=reported, progress=50).light == Light.RED


def test_a_task_past_its_deadline_and_not_completed_is_red_and_overdue():
    result = status(D(2025, 7, 2), deadline=D(2025, 6, 30), progress=95, reported=frozenset({D(2025, 6, 25)}))
    assert result.light == Light.RED
    assert result.overdue


def test_a_deadline_within_fourteen_days_below_ninety_percent_is_yellow():
    reported = frozenset({D(2025, m, 25) for m in range(1, 7)})
    result = status(D(2025, 6, 26), deadline=D(2025, 7, 5), progress=85, reported=reported)
    assert result.light == Light.YELLOW


def test_an_approved_extension_moves_the_deadline_and_is_marked():
    result = status(D(2025, 7, 2), deadline=D(2025, 6, 30), extended_deadline=D(2025, 9, 30), progress=80)
    assert result.deadline == D(2025, 9, 30)
    assert result.extended
    assert not result.overdue


def test_a_completed_task_is_green_and_on_time_when_done_by_its_deadline():
    result = status(
        D(2025, 8, 1), deadline=D(2025, 6, 30), state=TaskState.COMPLETED, completed_on=D(2025, 6, 28)
    )
    assert (result.light, result.progress, result.overdue, result.completed_on_time) == (
        Light.GREEN,
        100,
        False,
        True,
    )
    late = status(
        D(2025, 8, 1), deadline=D(2025, 6, 30), state=TaskState.COMPLETED, completed_on=D(2025, 7, 3)
    )
    assert late.overdue


def test_a_suspended_task_has_no_light():
    assert status(D(2025, 9, 1), progress=0, suspended=True).light == Light.NONE


def test_thresholds_can_be_overridden_per_plan_and_ignore_nonsense():
    thresholds = Thresholds.from_overrides(
        {"ahead_points": 5, "bogus": 3, "behind_points": "x", "red_missed_cycles": -1}
    )
    assert thresholds.ahead_points == 5
    assert thresholds.behind_points == 10
    assert thresholds.red_missed_cycles == 2
    strict = rules.task_status(
        facts(progress=40), cycle=MONTHLY, thresholds=Thresholds(behind_points=5), today=D(2025, 6, 20)
    )
    assert strict.pace == Pace.BEHIND


@pytest.mark.parametrize(
    ("op", "target", "actual", "met"),
    [
        (">=", "90", "90", True),
        (">=", "90", "89.5", False),
        ("<=", "5", "4", True),
        ("<=", "5", "6", False),
        ("=", "1", "1.0", True),
        ("+", "6000", "6200", True),
        ("+", "6000", None, None),
    ],
)
def test_a_target_is_met_when_its_latest_value_satisfies_its_op(op, target, actual, met):
    value = Decimal(actual) if actual is not None else None
    assert rules.target_met(op=op, target=Decimal(target), actual=value) is met


def test_state_transitions_follow_the_design():
    assert rules.state_after(TaskState.NOT_STARTED, rules.Action.REPORT) == TaskState.IN_PROGRESS
    assert (
        rules.state_after(TaskState.IN_PROGRESS, rules.Action.REQUEST_COMPLETION)
        == TaskState.COMPLETION_REQUESTED
    )
    assert (
        rules.state_after(TaskState.COMPLETION_REQUESTED, rules.Action.RETURN_COMPLETION)
        == TaskState.IN_PROGRESS
    )
    assert rules.state_after(TaskState.COMPLETED, rules.Action.REPORT) is None
    assert rules.state_after(TaskState.IN_PROGRESS, rules.Action.APPROVE_COMPLETION) is None


def test_summaries_give_completion_on_time_and_overdue_rates():
    today = D(2025, 7, 10)
    statuses = [
        status(today, deadline=D(2025, 6, 30), state=TaskState.COMPLETED, completed_on=D(2025, 6, 20)),
        status(today, deadline=D(2025, 6, 30), state=TaskState.COMPLETED, completed_on=D(2025, 7, 5)),
        status(today, deadline=D(2025, 6, 30), progress=70),
        status(today),
    ]

    summary = rules.summarize(statuses, today=today)

    assert (summary.total, summary.completed, summary.due) == (4, 2, 3)
    assert summary.completion_rate == 0.5
    assert summary.on_time_completion_rate == pytest.approx(1 / 3)
    assert summary.overdue_rate == pytest.approx(2 / 3)
    assert summary.lights["red"] == 1
    assert rules.summarize([], today=today).completion_rate is None
