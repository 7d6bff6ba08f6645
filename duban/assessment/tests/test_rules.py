"""Scoring rules: the scheme's checks, scores from figures, places with ties, grades with a quota, vetoes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from duban.assessment.rules import (
    Adjustment,
    Figure,
    GradeSpec,
    Item,
    ItemKind,
    PeriodSpec,
    Scheme,
    SubjectFigures,
    default_scheme,
    period_score,
    periods_reached,
    ranked,
    scheme_problems,
    subject_result,
)

H1 = PeriodSpec("一季度", dt.date(2025, 1, 1), dt.date(2025, 3, 31), 40)
H2 = PeriodSpec("二季度", dt.date(2025, 4, 1), dt.date(2025, 6, 30), 60)
SCHEME = Scheme(
    items=(Item(ItemKind.COMPLETION, 60), Item(ItemKind.REPORTS_ON_TIME, 40)),
    periods=(H1, H2),
    grades=(GradeSpec("优秀", Decimal(90)), GradeSpec("良好", Decimal(75)), GradeSpec("一般", Decimal(0))),
)


def _figures(completed: int, total: int, reported: int, owed: int) -> dict[str, Figure]:
    return {
        ItemKind.COMPLETION: Figure(Decimal(completed), total),
        ItemKind.REPORTS_ON_TIME: Figure(Decimal(reported), owed),
    }


def _subject(name: str, q1: dict[str, Figure], q2: dict[str, Figure], *adjust: Adjustment) -> SubjectFigures:
    return SubjectFigures(
        key=f"unit:{name}", name=name, kind="unit", figures={"一季度": q1, "二季度": q2}, adjustments=adjust
    )


def test_the_default_scheme_is_valid_and_weighs_the_quarters_15_25_25_35():
    scheme = default_scheme(2025)

    assert scheme_problems(scheme) == {}
    assert [p.weight for p in scheme.periods] == [15, 25, 25, 35]
    assert scheme.periods[-1].end == dt.date(2025, 12, 31)
    assert sum(i.weight for i in scheme.items) == 100


def test_it_names_the_sum_when_item_or_period_weights_do_not_add_up_to_100():
    scheme = replace(
        SCHEME,
        items=(Item(ItemKind.COMPLETION, 60), Item(ItemKind.REPORTS_ON_TIME, 30)),
        periods=(H1, replace(H2, weight=50)),
    )

    problems = scheme_problems(scheme)

    assert problems["items"] == ["考核项目的权重合计须为100，现为90。"]
    assert problems["periods"] == ["考核期间的权重合计须为100，现为90。"]


def test_it_refuses_overlapping_periods_repeated_items_and_grades_out_of_order():
    scheme = replace(
        SCHEME,
        items=(Item(ItemKind.COMPLETION, 50), Item(ItemKind.COMPLETION, 50)),
        periods=(H1, replace(H2, start=dt.date(2025, 3, 15))),
        grades=(
            GradeSpec("良好", Decimal(75)),
            GradeSpec("优秀", Decimal(90)),
            GradeSpec("一般", Decimal(10)),
        ),
        excellent_quota=0,
    )

    problems = scheme_problems(scheme)

    assert "“办结率”重复设置了。" in problems["items"]
    assert "“一季度”与“二季度”的日期重叠。" in problems["periods"]
    assert "等次须从高到低排列，分数线逐级降低。" in problems["grades"]
    assert "最低一个等次的分数线须为0，使每个单位都有等次。" in problems["grades"]
    assert problems["excellent_quota"] == ["优秀比例上限须在1%到100%之间，不限则留空。"]


def test_an_item_without_anything_owed_does_not_apply_and_the_others_count_on_100():
    # Nothing reported was owed yet: only 办结率 scores, 3 of 4 → 75.
    score = period_score("一季度", 40, SCHEME.items, _figures(3, 4, 0, 0))

    assert score.score == Decimal("75.00")
    completion, reports = score.items
    assert completion.points == Decimal("45.00") and completion.source == "3/4 项（75.00%）"
    assert reports.points is None and reports.source == "不适用"


def test_the_base_weighs_the_periods_and_entries_add_and_take_points_within_their_caps():
    subject = _subject(
        "办公室",
        _figures(1, 2, 2, 2),  # 30 + 40 = 70
        _figures(2, 2, 1, 2),  # 60 + 20 = 80
        Adjustment(Decimal(3), reason="表扬"),
        Adjustment(Decimal(4), reason="批示"),
        Adjustment(Decimal("-1.5"), reason="通报批评"),
    )
    scheme = replace(SCHEME, bonus_cap=Decimal(5))

    result = subject_result(scheme, subject, [H1, H2])

    assert [p.score for p in result.periods] == [Decimal("70.00"), Decimal("80.00")]
    assert result.base == Decimal("76.00")  # 70 × 40% + 80 × 60%
    assert (result.bonus, result.deduction) == (Decimal(5), Decimal("1.5"))
    assert result.total == Decimal("79.50")


def test_equal_totals_share_a_place_and_the_next_place_is_skipped():
    subjects = [
        _subject("甲", _figures(2, 2, 2, 2), _figures(2, 2, 2, 2)),
        _subject("乙", _figures(1, 2, 2, 2), _figures(1, 2, 2, 2)),
        _subject("丙", _figures(1, 2, 2, 2), _figures(1, 2, 2, 2)),
        _subject("丁", _figures(0, 2, 2, 2), _figures(0, 2, 2, 2)),
    ]

    results = ranked(SCHEME, [subject_result(SCHEME, s, [H1, H2]) for s in subjects])

    assert [(r.name, r.rank, r.tied) for r in results] == [
        ("甲", 1, False),
        ("丙", 2, True),
        ("乙", 2, True),
        ("丁", 4, False),
    ]
    assert [r.grade for r in results] == ["优秀", "一般", "一般", "一般"]


def test_the_quota_for_the_top_grade_moves_those_placed_beyond_it_to_the_next_grade():
    subjects = [
        _subject(name, _figures(done, 10, 10, 10), _figures(done, 10, 10, 10))
        for name, done in (("甲", 10), ("乙", 9), ("丙", 9), ("丁", 8))
    ]
    scheme = replace(SCHEME, excellent_quota=50)  # 2 of 4

    results = ranked(scheme, [subject_result(scheme, s, [H1, H2]) for s in subjects])

    assert [(r.name, r.total, r.rank, r.grade) for r in results] == [
        ("甲", Decimal("100.00"), 1, "优秀"),
        ("丙", Decimal("94.00"), 2, "优秀"),  # tied at the last place within the quota: both keep it
        ("乙", Decimal("94.00"), 2, "优秀"),
        ("丁", Decimal("88.00"), 4, "良好"),
    ]


def test_a_vetoed_subject_is_not_ranked_and_gets_the_lowest_grade_whatever_its_score():
    subjects = [
        _subject("甲", _figures(2, 2, 2, 2), _figures(2, 2, 2, 2), Adjustment(Decimal(0), veto=True)),
        _subject("乙", _figures(1, 2, 2, 2), _figures(1, 2, 2, 2)),
    ]

    results = ranked(SCHEME, [subject_result(SCHEME, s, [H1, H2]) for s in subjects])

    assert [(r.name, r.rank, r.grade, r.veto) for r in results] == [
        ("乙", 1, "一般", False),
        ("甲", None, "一般", True),
    ]


def test_only_the_periods_begun_are_scored():
    assert periods_reached(SCHEME, dt.date(2025, 3, 31)) == [H1]
    assert periods_reached(SCHEME, dt.date(2024, 12, 31)) == []
