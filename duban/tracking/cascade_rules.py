"""Pure rules of the cascade (分解下达): target shares that must add up, and rankings with ties (并列)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from duban.lib.numbers import number_text

T = TypeVar("T")
# Target.value holds 20 digits, 4 after the point: anything larger would fail in the database, not here.
MAX_SHARE = Decimal(10) ** 16


def share_value(raw: object) -> Decimal | None:
    """A share typed or sent as a number: a finite, non-negative Decimal, else None."""
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = str(raw).strip().replace(",", "").replace("，", "")
        if not text or not text.isascii():
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    if not value.is_finite() or value < 0 or value >= MAX_SHARE:
        return None
    return value.quantize(Decimal("0.0001"))  # what Target.value keeps (decimal_places=4)


def shares_total_error(*, value: Decimal, shares: Mapping[int, Decimal]) -> tuple[str, str] | None:
    """For a split target: (total, expected) written plainly when the shares do not add up, else None."""
    total = sum(shares.values(), Decimal(0))
    if total == value:
        return None
    return number_text(total), number_text(value)


def even_split(value: Decimal, count: int) -> list[Decimal]:
    """`value` shared among `count` as evenly as whole numbers allow, the remainder to the first ones."""
    if count <= 0:
        return []
    whole = int(value)
    if Decimal(whole) != value:
        share = value / count
        return [share] * count
    base, extra = divmod(whole, count)
    return [Decimal(base + (1 if i < extra else 0)) for i in range(count)]


def places(items: Sequence[T], key: Callable[[T], object]) -> list[int]:
    """1-based places of items already sorted best first; equal keys share a place (并列), the next skips."""
    result: list[int] = []
    for index, item in enumerate(items):
        if index and key(item) == key(items[index - 1]):
            result.append(result[-1])
        else:
            result.append(index + 1)
    return result


def target_share_text(*, metric: str, value: Decimal, unit: str) -> str:
    """The text of a subordinate's share of a target: 新增学位2500个."""
    return f"{metric}{number_text(value)}{unit}"
