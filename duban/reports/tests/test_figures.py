"""The circular's figures from a ledger."""

from __future__ import annotations

from duban.reports.figures import unit_ranking
from duban.reports.periods import month_period
from duban.reports.tests.factories import make_circular, make_ledger, make_ledger_task


def test_summary_figures_count_completed_overdue_behind_and_lights():
    figures = make_circular().figures

    assert (figures.total, figures.completed, figures.completed_in_period) == (6, 1, 1)
    assert (figures.in_progress, figures.not_started) == (4, 1)
    assert (figures.overdue, figures.behind) == (1, 2)
    assert figures.lights == {"green": 4, "yellow": 1, "red": 1}
    assert figures.completion_rate == 17


def test_a_task_completed_before_the_period_does_not_count_as_completed_in_it():
    data = make_circular(period=month_period(2025, 7))

    assert data.figures.completed_in_period == 0
    assert data.completed == []


def test_overdue_tasks_are_listed_apart_from_tasks_behind_pace():
    data = make_circular()

    assert [t.no for t in data.overdue] == ["2"]
    assert [t.no for t in data.lagging] == ["3"]
    assert data.overdue[0].lead_units == ["办公室"]


def test_units_rank_by_completion_rate_then_average_progress_then_fewest_overdue():
    tasks = [
        make_ledger_task(1, lead_units=["甲"], progress=90),
        make_ledger_task(2, lead_units=["乙"], progress=100, completed_on=make_ledger().as_of),
        make_ledger_task(3, lead_units=["丙"], progress=90, overdue=True),
    ]

    assert [(r.rank, r.unit) for r in unit_ranking(tasks)] == [(1, "乙"), (2, "甲"), (3, "丙")]


def test_only_targets_confirmed_met_are_reported_as_achieved():
    achieved = make_circular().targets_achieved

    assert [(t.task_no, t.metric, t.planned, t.actual) for t in achieved] == [("3", "覆盖面", "≥90%", "95%")]
