"""The year's 督办事项 export like a plan: ledger, matrix, CSV, JSON and the circular list each item."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import openpyxl
import pytest

from duban.reports.exports import EXPORT_KINDS, export_render
from duban.test import Personas
from duban.tracking.tests.adhoc_helpers import register_item

TODAY = dt.date(2025, 7, 10)


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_export_of_the_years_items_names_each_item(personas: Personas, kind):
    register_item(personas, text="第一项督办事项")
    plan = register_item(personas, text="第二项督办事项").task.plan

    export = export_render(plan=plan, kind=kind, today=TODAY, chart=False)

    if kind in ("ledger", "matrix"):
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        text = " ".join(
            str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value
        )
    elif kind == "circular":
        text = " ".join(p.text for p in docx.Document(io.BytesIO(export.content)).paragraphs)
    elif kind == "json":
        text = json.dumps(json.loads(export.content), ensure_ascii=False)
    else:
        text = export.content.decode("utf-8-sig")
    assert export.filename.startswith("2025年督办事项")
    assert "第一项督办事项" in text or kind == "circular"
    if kind != "circular":
        assert "第二项督办事项" in text
    else:
        assert "2025年督办事项" in text
