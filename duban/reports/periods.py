"""Periods a circular can report on: a month, a quarter, a half year, a year, or any span of days."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from duban.reports.data import Period, date_text

PERIOD_HELP = "2025-06（月）、2025-Q2（季度）、2025-H1（半年）、2025（年）或 2025-06-01..2025-06-30"
INVALID_PERIOD = "无法识别的期间“{text}”，可写作：" + PERIOD_HELP

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{2}-\d{2})$")


class InvalidPeriod(ValueError):
    """A period written in none of the accepted forms."""


def month_period(year: int, month: int) -> Period:
    """A calendar month: 2025年6月."""
    last = calendar.monthrange(year, month)[1]
    return Period(dt.date(year, month, 1), dt.date(year, month, last), f"{year}年{month}月")


def parse_period(text: str) -> Period:
    """The period a short text names (see PERIOD_HELP), or InvalidPeriod."""
    value = text.strip()
    try:
        if match := _MONTH.match(value):
            return month_period(int(match.group(1)), int(match.group(2)))
        if match := _QUARTER.match(value):
            year, quarter = int(match.group(1)), int(match.group(2))
            end = month_period(year, quarter * 3).end
            return Period(dt.date(year, quarter * 3 - 2, 1), end, f"{year}年第{'一二三四'[quarter - 1]}季度")
        if match := _HALF.match(value):
            year, half = int(match.group(1)), int(match.group(2))
            start, end = (
                (dt.date(year, 1, 1), dt.date(year, 6, 30))
                if half == 1
                else (
                    dt.date(year, 7, 1),
                    dt.date(year, 12, 31),
                )
            )
            return Period(start, end, f"{year}年{'上' if half == 1 else '下'}半年")
        if match := _YEAR.match(value):
            year = int(match.group(1))
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
        if match := _SPAN.match(value):
            start, end = dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
            if start <= end:
                return Period(start, end, f"{date_text(start)}至{date_text(end)}")
    except ValueError:
        pass
    raise InvalidPeriod(INVALID_PERIOD.format(text=text))


def previous_period(period: Period) -> Period:
    """The period of the same kind just before: May for June, Q1 for Q2, last year, or as many days."""
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole_months = start.day == 1 and end == month_period(end.year, end.month).end
    if whole_months and months in (1, 3, 6, 12) and (start.month - 1) % months == 0:
        year, month = divmod(start.year * 12 + start.month - 1 - months, 12)  # month counted from 0
        if months == 1:
            return month_period(year, month + 1)
        return parse_period(str(year) if months == 12 else f"{year}-{'QH'[months == 6]}{month // months + 1}")
    days = (end - start).days + 1
    before = start - dt.timedelta(days=1)
    first_day = before - dt.timedelta(days=days - 1)
    return Period(first_day, before, f"{date_text(first_day)}至{date_text(before)}")


def default_period(today: dt.date) -> Period:
    """The month before today's: a circular usually reports on the month just ended."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return month_period(first.year, first.month)


def period_choices(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every month, quarter, half and the whole of a year, grouped, as (value, label) for a picker."""
    groups: list[tuple[str, list[str]]] = [
        ("月", [f"{year}-{month:02d}" for month in range(1, 13)]),
        ("季度", [f"{year}-Q{quarter}" for quarter in range(1, 5)]),
        ("半年", [f"{year}-H1", f"{year}-H2"]),
        ("年", [str(year)]),
    ]
    return [(name, [(value, parse_period(value).label) for value in values]) for name, values in groups]
