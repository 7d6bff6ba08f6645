"""The circular's figures from a ledger."""

from __future__ import annotations

from duban.reports.figures import unit_ranking
from duban.reports.periods import month_period
from duban.reports.tests.factories import make_circular, make_ledger, make_ledger_task


def test_summary_figures_count_completed_overdue_behind_and_lights():
    figures = make_circular().figures

    assert (figures.total, figures.completed, figures.completed_in_period) == (6, 1, 1)
    assert (figures.in_progress, figures.not_started) == (4, 1)
    assert (figures.overdue, figures.behind) == (1, 1)
    assert figures.lights == {"green": 4, "yellow": 1, "red": 1}
    assert figures.completion_rate == 17
    # Two tasks were due (one done on time, one overdue); one report owed and not made.
    assert (figures.on_time_rate, figures.overdue_rate, figures.reports_rate) == (50, 50, 0)


def test_the_overview_counts_as_lagging_exactly_the_tasks_it_lists_as_lagging():
    data = make_circular()

    assert data.figures.behind == len(data.lagging) == 1
    assert data.figures.overdue == len(data.overdue) == 1


def test_each_listed_task_carries_the_rules_that_lit_it_and_its_latest_progress():
    data = make_circular()

    assert data.lagging[0].reasons == ("欠进度（序时 52%，实际 10%）",)
    assert data.overdue[0].reasons[0].startswith("已超过完成时限")
    assert data.lagging[0].report_text == "第3项已完成方案制定。"


def test_units_with_the_same_figures_share_a_place_and_a_collective_is_not_ranked():
    tasks = [
        make_ledger_task(1, lead_units=["甲"], progress=50),
        make_ledger_task(2, lead_units=["乙"], progress=50),
        make_ledger_task(3, lead_units=["丙"], progress=20),
        make_ledger_task(4, lead_units=["各处室"], progress=100),
    ]

    ranks = unit_ranking(tasks, frozenset({"各处室"}))

    assert [(r.rank_text, r.unit) for r in ranks] == [("并列1", "乙"), ("并列1", "甲"), ("3", "丙")]


def test_units_that_missed_reports_are_named_and_criticised_and_clean_units_praised():
    data = make_circular()

    assert data.missed_units == [("办公室", 1)]
    assert "办公室（红灯1项，逾期1项，未按时报送1项）" in data.criticism
    assert "计财处" in data.praise and "办公室" not in data.praise


def test_edited_paragraphs_replace_the_drafted_ones():
    data = make_circular(paragraphs={"praise": "表扬某处。", "requirements": "  ", "opening": "开头。"})

    assert (data.praise, data.opening) == ("表扬某处。", "开头。")
    assert data.requirements.startswith("一是")


def test_targets_behind_their_pace_are_listed_with_the_value_due_by_now():
    behind = make_circular().targets_behind

    assert [(t.task_no, t.metric, t.expected, t.actual) for t in behind] == [
        ("2", "新增学位", "200个", "120个")
    ]


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
