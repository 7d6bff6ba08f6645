"""Periods a circular may report on."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.reports.periods import InvalidPeriod, default_period, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025-06", dt.date(2025, 6, 1), dt.date(2025, 6, 30), "2025年6月"),
        ("2024-2", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024年2月"),
        ("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30), "2025年第二季度"),
        ("2025h2", dt.date(2025, 7, 1), dt.date(2025, 12, 31), "2025年下半年"),
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025年"),
        ("2025-06-01..2025-06-15", dt.date(2025, 6, 1), dt.date(2025, 6, 15), "2025年6月1日至2025年6月15日"),
    ],
)
def test_a_period_can_be_a_month_quarter_half_year_year_or_span(text, start, end, label):
    period = parse_period(text)

    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "2025-13", "六月", "2025-06-30..2025-06-01", "2025-Q5"])
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(InvalidPeriod, match="2025-Q2"):
        parse_period(text)


def test_by_default_a_circular_reports_on_the_month_just_ended():
    assert default_period(dt.date(2025, 1, 5)).label == "2024年12月"
