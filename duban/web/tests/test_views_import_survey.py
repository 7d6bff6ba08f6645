"""Surveying a long plan in the wizard: the compact list, targets marked, target boxes tall enough."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.urls import reverse
from lxml import html

from duban.test import Personas
from duban.web.models import ImportDraft
from duban.web.tests.test_views_import import _client, _draft

pytestmark = pytest.mark.django_db


def _all(element: Any, path: str) -> list[Any]:
    return cast(list[Any], element.xpath(path))


def _text(element: Any, path: str) -> str:
    return str(element.xpath(f"string({path})"))


def _page(personas: Personas, draft: ImportDraft, **params: str) -> Any:
    url = reverse("web:import_draft", args=[draft.pk])
    return html.fromstring(_client(personas.supervisor).get(url, params).content)


def test_the_compact_list_shows_a_line_per_task_with_its_targets_marked(personas: Personas) -> None:
    draft = _draft(personas)

    page = _page(personas, draft, view="table")

    rows = _all(page, "//table[contains(@class, 'draft-compact')]/tbody/tr")
    assert [_text(row, "td[1]") for row in rows] == ["1", "2", "3"]
    assert _text(rows[0], ".//mark") == "新增学位600个"
    assert _all(page, "//form[contains(@class, 'task-edit')]") == []  # no row forms in the list
    edit = _all(rows[0], ".//a[starts-with(text(), '编辑')]/@href")[0]
    assert edit.endswith(f"#task-{draft.data['tasks'][0]['key']}")


def test_the_compact_list_keeps_its_filter_and_names_new_units(personas: Personas) -> None:
    draft = _draft(personas)

    page = _page(personas, draft, view="table", show="new_units")

    rows = _all(page, "//table[contains(@class, 'draft-compact')]/tbody/tr")
    assert [_text(row, "td[1]") for row in rows] == ["3"]  # 信息中心 is not in the registry
    assert "新单位" in _text(rows[0], "td[4]")
    assert _all(page, "//nav[@aria-label='显示方式']/a[@aria-current='page']/text()") == ["紧凑列表"]


def test_a_task_row_marks_its_targets_and_shows_every_target_line(personas: Personas) -> None:
    draft = _draft(personas)

    page = _page(personas, draft)

    first = _all(page, "//form[contains(@class, 'task-edit')]")[0]
    assert _text(first, ".//p[@class='marked-preview']//mark") == "新增学位600个"
    rows = _all(first, ".//textarea[contains(@name, '-targets')]/@rows")[0]
    lines = _text(first, ".//textarea[contains(@name, '-targets')]").strip().splitlines()
    assert int(rows) == len(lines) + 1  # each target's line and a spare
    assert first.get("data-source-text") == "推进集团化办学，新增学位600个。"[:16]
