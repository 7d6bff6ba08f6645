"""Rows drawn by Jinja2 inside Django pages: escaped, quiet about missing names, one CSRF token a page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template, TemplateDoesNotExist, engines
from django.test import Client
from django.urls import reverse
from lxml import html

from duban.test import Personas
from duban.web.models import ImportDraft
from duban.web.tests.test_views_import import PLAN_TEXT


def _engine_render(source: str, **context: object) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_a_row_template_escapes_what_users_typed() -> None:
    assert _engine_render("{{ text }}", text="<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


def test_a_missing_name_is_empty_whatever_the_debug_setting(settings: object) -> None:
    # Django's backend would print "{{ missing }}" under DEBUG; a page must read the same everywhere.
    assert _engine_render("[{{ missing }}][{{ row.missing }}]", row={}) == "[][]"


def test_row_templates_use_the_filters_and_urls_of_the_pages() -> None:
    moment = dt.datetime(2025, 7, 10, 6, 30, tzinfo=dt.UTC)

    text = _engine_render(
        "{{ value|number }} {{ moment|when }} {{ url('plans:detail', 7) }}",
        value=Decimal("1.8E+3"),
        moment=moment,
    )

    assert text == "1800 2025-07-10 14:30 /plans/7/"


def test_a_missing_row_template_is_named_in_the_error() -> None:
    with pytest.raises(TemplateDoesNotExist, match=r"web/no_such_rows\.jinja"):
        Template('{% jinja "web/no_such_rows.jinja" %}').render(Context({}))


@pytest.mark.django_db
def test_the_review_page_draws_every_row_form_with_the_same_csrf_token(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.supervisor)
    client.post(reverse("web:import"), {"file": SimpleUploadedFile("plan.txt", PLAN_TEXT.encode())})
    draft = ImportDraft.objects.get()

    page = html.fromstring(client.get(reverse("web:import_draft", args=[draft.pk])).content)

    forms = '//form[contains(@class, "task-edit")]'
    tokens = cast(list[str], page.xpath(f'{forms}/input[@name="csrfmiddlewaretoken"]/@value'))
    assert len(tokens) == 3
    assert len(set(tokens)) == 1  # computed once for the page, not masked afresh for each of fifty rows
