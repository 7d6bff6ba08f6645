"""The numbers the rules compare against, and the names of pace and lights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules compare against; each plan may override any of them."""

    ahead_points: int = 10  # ahead of pace: progress ≥ expected + this
    behind_points: int = 10  # behind pace: progress < expected − this
    red_behind_points: int = 25  # red: behind by more than this
    red_missed_cycles: int = 2  # red: this many cycles missed in a row
    yellow_missed_cycles: int = 1  # yellow: this many cycles missed in a row
    due_soon_days: int = 14  # yellow: deadline within this many days…
    due_soon_progress: int = 90  # …and progress below this
    remind_days_before: int = 3  # due-soon reminders start this many days before the due day
    red_node_days: int = 15  # a 推进节点 past its date and not done: yellow, red after this many days

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object] | None) -> Thresholds:
        """The defaults with the plan's overrides; unknown keys and non-integers are ignored."""
        known = {f.name for f in fields(cls)}
        values: dict[str, int] = {}
        for key, value in (overrides or {}).items():
            if key in known and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                values[key] = value
        return cls(**values)


class Pace(StrEnum):
    BEHIND = "behind"
    ON = "on"
    AHEAD = "ahead"

    @property
    def label(self) -> str:
        """The Chinese name: 欠进度 / 达进度 / 超进度."""
        return {"behind": "欠进度", "on": "达进度", "ahead": "超进度"}[self.value]


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"  # suspended (中止) tasks carry no light

    @property
    def label(self) -> str:
        """The Chinese name: 绿灯 / 黄灯 / 红灯."""
        return {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "none": "无"}[self.value]
