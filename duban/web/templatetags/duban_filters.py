"""Filters and tags every page uses, loaded as builtins: numbers written plainly, times with their year, rows
drawn by Jinja2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import template
from django.template import engines
from django.template.backends.jinja2 import Template as JinjaBackendTemplate
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, name: str, **extra: object) -> SafeString:
    """Draw a Jinja2 row template (`duban/web/jinja.py`) with the names given (`rows=…`) and the request.

    Only what the tag names is passed, like the arguments of a function: the page's other names would shadow
    the environment's helpers (a page's `progress` and the `progress()` of a row's status cell).
    """
    request = context.get("request")
    values: dict[str, Any] = {**extra, "request": request}
    if request is not None:
        # The backend would pass csrf_input lazily, evaluated (and masked afresh) at each of fifty forms.
        values["csrf_input"] = csrf_input(request)
    template = cast(JinjaBackendTemplate, engines["jinja2"].get_template(name)).template
    html: str = template.render(values)
    # Jinja2 autoescapes (the backend's default): what it returns is as safe as a Django template's output.
    return mark_safe(html)
