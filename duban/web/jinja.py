"""The Jinja2 environment for the templates that draw many rows.

Django's template language costs about 10 µs a variable; a page of fifty editable rows (or a hundred task
lines) spends most of its time there. The row templates are compiled by Jinja2 instead, with the same
autoescaping and the filters and URL helper the Django templates use, and embedded in the Django page by the
`{% jinja %}` tag (`duban_filters`), so the pages themselves stay Django templates.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.defaultfilters import (
    date,
    filesizeformat,
    floatformat,
    linebreaksbr,
    truncatechars,
    urlencode,
)
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, Undefined

from duban.plans.templatetags.plans_tags import marked_text
from duban.tracking.templatetags.status_tags import light, progress, task_state
from duban.web.templatetags.duban_filters import number, when


def url(name: str, *args: Any) -> str:
    """`{% url %}` for Jinja2: the path of a named URL with its positional arguments."""
    return reverse(name, args=args)


def django_template(name: str, request: HttpRequest | None, **context: Any) -> SafeString:
    """A Django template drawn inside a row (a card's open report form), with the request (CSRF token)."""
    return mark_safe(render_to_string(name, context, request))


def environment(**options: Any) -> Environment:
    """The Jinja2 environment Django's Jinja2 backend builds (settings.TEMPLATES)."""
    # Django picks DebugUndefined under DEBUG, which prints a missing name as "{{ name }}": a page must read
    # the same in development, tests and production, and a missing name is empty, as in Django's templates.
    env = Environment(**{**options, "undefined": Undefined})
    env.globals.update(url=url, static=static, django_template=django_template)
    env.globals.update(light=light, progress=progress, task_state=task_state)
    env.filters.update(number=number, when=when, marked_text=marked_text)
    # Django's own filters under their names, so a row reads as its Django template did.
    env.filters.update(
        date=date,
        filesizeformat=filesizeformat,
        floatformat=floatformat,
        linebreaksbr=linebreaksbr,
        truncatechars=truncatechars,
        urlencode=urlencode,
    )
    return env
