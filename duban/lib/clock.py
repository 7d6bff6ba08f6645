"""The one clock of Duban: rules take dates as arguments, and pages and commands ask here for today.

`DUBAN_TODAY` (YYYY-MM-DD) pins the date, so the demo can be shown in the middle of its plan's year.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """Today in the configured time zone, or the date pinned by DUBAN_TODAY."""
    pinned = getattr(settings, "DUBAN_TODAY", None)
    if pinned:
        return dt.date.fromisoformat(str(pinned))
    return timezone.localdate()


def now() -> dt.datetime:
    """The current time; on a pinned date, that date at the current time of day."""
    current = timezone.localtime()
    pinned = getattr(settings, "DUBAN_TODAY", None)
    if pinned:
        day = dt.date.fromisoformat(str(pinned))
        return current.replace(year=day.year, month=day.month, day=day.day)
    return current


# Every time shown to a person, in one form, with its year: records outlive the year they were made in.
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def datetime_text(value: dt.datetime) -> str:
    """A moment as pages show it, in the configured time zone: 2025-07-10 14:30."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(DATETIME_FORMAT)
