"""What to make (SynthConfig), what was made (SynthResult), and the monthly due date."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SynthConfig:
    """How much to make and how."""

    orgs: int
    tasks_per_plan: int
    cycles: int = 12
    seed: int = 1
    org_prefix: str = "合成"
    year: int = 2025
    batch_size: int = 20000
    method: str = "auto"  # "bulk" (bulk_create), "copy" (PostgreSQL COPY) or "auto" (copy on PostgreSQL)
    # Organisations per level, top first (e.g. (1, 9, 90): a province, its cities, their counties); empty:
    # `orgs` organisations side by side. Each organisation below the top has a parent one level up (in turn),
    # and the first `cascaded` share of its tasks are 承接任务 of its parent's tasks at the same positions.
    levels: tuple[int, ...] = ()
    cascaded: float = 0.2

    def parent_of(self, index: int) -> int | None:
        """The index of organisation `index`'s parent (None at the top or without levels)."""
        start, above = 0, None
        for size in self.levels:
            if index < start + size:
                if above is None:
                    return None
                above_start, above_size = above
                return above_start + (index - start) % above_size
            above = (start, size)
            start += size
        return None

    @property
    def as_of(self) -> dt.date:
        """The day the data describes: three days after the last reported cycle's due date."""
        return due_date(self.year, self.cycles) + dt.timedelta(days=3)


@dataclass
class SynthResult:
    """What a run wrote: rows per table, seconds, and the day to look at the data on."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    as_of: dt.date = dt.date(2025, 12, 28)
    method: str = ""
    organization_ids: list[int] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


def due_date(year: int, month: int, due_day: int = 25) -> dt.date:
    """The monthly cycle's due date in a month."""
    return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))
