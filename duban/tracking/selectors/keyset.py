"""Keyset pagination: a page continues after the last row seen, so a deep page costs what the first does.

A cursor is the sort key of the last row shown, as opaque URL-safe text signed with the secret key; a
cursor that was not made here (hand-made, edited, or that does not decode) is refused (`InvalidCursor`)
rather than silently starting over.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core import signing

T = TypeVar("T")
Key = tuple[int | str, ...]


class InvalidCursor(ValueError):
    """A cursor that was not made by `cursor_encode`."""


def _signer() -> signing.Signer:
    # "." never occurs in URL-safe base64, so it parts the key from its signature.
    return signing.Signer(salt="duban.keyset", sep=".")


def cursor_encode(key: Key) -> str:
    """The opaque, signed text of a sort key (ints and strings)."""
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return _signer().sign(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def cursor_decode(text: str, *, shape: tuple[type, ...]) -> Key:
    """The sort key of a cursor made by `cursor_encode`, checked against the types it must have."""
    try:
        payload = _signer().unsign(text)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        values = json.loads(raw)
    except (signing.BadSignature, binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor(text) from None
    if not isinstance(values, list) or len(values) != len(shape):
        raise InvalidCursor(text)
    key: list[int | str] = []
    for value, kind in zip(values, shape, strict=True):
        if type(value) is not kind or not isinstance(value, int | str):
            raise InvalidCursor(text)
        if isinstance(value, int) and not 0 <= value < 2**63:
            raise InvalidCursor(text)
        key.append(value)
    return tuple(key)


def moment_key(moment: dt.datetime | None) -> str:
    """A datetime as a sortable cursor part (UTC, microseconds)."""
    return "" if moment is None else moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def moment_of(text: str) -> dt.datetime:
    """The datetime of `moment_key`; InvalidCursor when it is not one."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidCursor(text) from None


@dataclass
class Page(Generic[T]):
    """Rows of one page and the cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None = None
