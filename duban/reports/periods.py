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


def default_period(today: dt.date) -> Period:
    """The month before today's: a circular usually reports on the month just ended."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return month_period(first.year, first.month)
