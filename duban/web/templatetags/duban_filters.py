"""Filters every page uses, loaded as template builtins: numbers written plainly, times with their year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from duban.lib.clock import datetime_text
from duban.lib.numbers import number_text

register = template.Library()


@register.filter
def number(value: Decimal | float | int | None) -> str:
    """A target's value as people write it: 1800, 1.5 (never 1.8E+3 or 1800.0000); empty for None."""
    return "" if value is None else number_text(value)


@register.filter
def when(value: dt.datetime | None) -> str:
    """A timestamp as every page shows it, year included: 2025-07-10 14:30; empty for None."""
    return "" if value is None else datetime_text(value)
