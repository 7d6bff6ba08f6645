"""Turning task text into safe HTML with its targets marked."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def mark_fragments(text: str, fragments: Iterable[str]) -> SafeString:
    """Escape text and wrap each first occurrence of each fragment in <mark>, never overlapping."""
    spans: list[tuple[int, int]] = []
    for fragment in fragments:
        if not fragment:
            continue
        start = text.find(fragment)
        while start != -1:
            end = start + len(fragment)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
                break
            start = text.find(fragment, start + 1)
    spans.sort()
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    # Every piece of the source text went through escape() above.
    return mark_safe("".join(parts))
