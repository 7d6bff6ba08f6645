"""Numbers in and out: whole numbers from text a user wrote (ASCII digits only, as int() and the database
accept them) and decimals written plainly (1800, not 1.8E+3)."""

from __future__ import annotations

from decimal import Decimal

# A primary key fits a signed 64-bit integer: 18 digits always do, and anything longer is no key.
MAX_KEY_DIGITS = 18


def ascii_int(value: str | None, *, max_digits: int = MAX_KEY_DIGITS) -> int | None:
    """The number `value` spells in ASCII digits, else None ("²" and "①" pass str.isdigit(), fail int())."""
    value = value or ""
    if value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value)
    return None


def is_ascii_number(value: str) -> bool:
    """Whether `value` is a whole number written in ASCII digits (a task's 序号 such as "12", not "①")."""
    return value.isascii() and value.isdigit()


def number_text(value: Decimal | float | int) -> str:
    """A number without trailing zeros: 6000, 0.5, 12.25."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    else:
        text = format(value, "f") if isinstance(value, float) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
