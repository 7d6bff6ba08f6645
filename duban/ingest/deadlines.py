"""Deadlines in words (2019年6月底前, 年底前, 第三季度, 长期坚持) turned into dates where one is meant."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from duban.ingest.text import chinese_numeral, to_halfwidth_digits

_ONGOING = ("长期坚持", "持续推进", "长期", "持续", "常态化", "全年")


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, and the date it means (None for ongoing work)."""

    text: str
    date: dt.date | None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # A real date typed into a spreadsheet cell comes through as ISO text: 2019-06-30.
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), "day"),
    (re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号](?:前|之前|以前)?"), "day"),
    (
        re.compile(
            r"(?:(\d{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?(?:底|末|中旬|上旬|下旬)?(?:前|之前|以前)?"
        ),
        "month",
    ),
    (re.compile(r"(?:(\d{4})年)?(?:第([一二三四1-4])季度|([一二三四1-4])季度)(?:末|底)?(?:前)?"), "quarter"),
    (re.compile(r"(?:(\d{4})年)?(上半年|下半年|年底|年末|年内|全年|年中)(?:前)?"), "half"),
]


def find_deadline(text: str, year: int | None) -> Deadline | None:
    """The deadline a short text states, resolved in `year` when the text gives none."""
    source = to_halfwidth_digits(text.strip())
    if not source:
        return None
    for pattern, kind in _PATTERNS:
        match = pattern.search(source)
        if match is None:
            continue
        date = _resolve(match, kind, year)
        if date is not None or kind in {"half", "day"}:
            return Deadline(text=match.group(0), date=date)
    for word in _ONGOING:
        if word in source:
            return Deadline(text=word, date=None)
    return None


def _resolve(match: re.Match[str], kind: str, default_year: int | None) -> dt.date | None:
    year = int(match.group(1)) if match.group(1) else default_year
    if year is None:
        return None
    try:
        if kind == "day":
            return dt.date(year, int(match.group(2)), int(match.group(3)))
        if kind == "month":
            raw = match.group(2)
            month = int(raw) if raw.isdigit() else chinese_numeral(raw)
            if month is None or not 1 <= month <= 12:
                return None
            if match.group(0).endswith(("中旬前", "中旬")):
                return dt.date(year, month, 20)
            if match.group(0).endswith(("上旬前", "上旬")):
                return dt.date(year, month, 10)
            return _month_end(year, month)
        if kind == "quarter":
            raw = match.group(2) or match.group(3)
            quarter = int(raw) if raw.isdigit() else chinese_numeral(raw)
            return _month_end(year, quarter * 3) if quarter else None
    except ValueError:
        return None
    word = match.group(2)
    if word in {"上半年", "年中"}:
        return dt.date(year, 6, 30)
    return dt.date(year, 12, 31)
