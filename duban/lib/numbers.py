"""Whole numbers from text a user wrote: ASCII digits only, as int() and the database accept them."""

from __future__ import annotations

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
