"""签收 rules (pure): how long a unit has to sign, when a sign-off is overdue, when to remind again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

# Days a unit has to sign for an assignment unless Plan.rules sets ("signoff_days").
SIGNOFF_DAYS = 3
SIGNOFF_DAYS_KEY = "signoff_days"


def signoff_days(overrides: Mapping[str, object] | None) -> int:
    """The plan's number of days to sign; a missing, negative or non-integer setting gives the default."""
    value = (overrides or {}).get(SIGNOFF_DAYS_KEY)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return SIGNOFF_DAYS


def signoff_due(*, requested_on: dt.date, days: int, reply_by: dt.date | None = None) -> dt.date:
    """The last day to sign: a 催办's reply-by date when it names one, else the request day plus the days."""
    return reply_by if reply_by is not None else requested_on + dt.timedelta(days=days)


def signoff_overdue(*, due_on: dt.date, signed: bool, today: dt.date) -> bool:
    """Unsigned after its last day."""
    return not signed and today > due_on


def signoff_reminder_key(*, plan_id: int, unit_id: int, due_dates: Iterable[dt.date]) -> str:
    """One reminder per unit for the overdue sign-offs it has: a new one only when a later one falls due."""
    return f"signoff:{plan_id}:{unit_id}:{max(due_dates).isoformat()}"
