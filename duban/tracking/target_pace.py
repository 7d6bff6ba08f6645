"""Targets against 序时: what a target should have reached by a day of its task's year (pure).

Mid-year no cumulative target is met yet, so the dashboard reads each against its share of the elapsed
time (the task's 序时进度) rather than against the whole year's value.
"""

from __future__ import annotations

from decimal import Decimal

from duban.plans.models import TargetOp


def target_expected(*, op: str, target: Decimal, expected_percent: int) -> Decimal:
    """The value due by now: a level or an increase pro rata of 序时; a ceiling or exact value as stated."""
    if op in (TargetOp.AT_LEAST, TargetOp.INCREASE, TargetOp.EQUAL):
        share = Decimal(max(0, min(100, expected_percent))) / 100
        return target * share
    return target


def target_on_pace(*, op: str, target: Decimal, actual: Decimal | None, expected_percent: int) -> bool | None:
    """Whether the latest approved value keeps pace with 序时 (None when nothing was reported)."""
    if actual is None:
        return None
    if op == TargetOp.AT_MOST:
        return actual <= target
    return actual >= target_expected(op=op, target=target, expected_percent=expected_percent)
