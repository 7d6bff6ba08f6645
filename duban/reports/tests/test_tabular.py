"""CSV and JSON exports of tasks, targets and reports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from duban.reports.tabular import TASK_HEADER, plan_csv, plan_json
from duban.reports.tests.factories import make_ledger


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_tasks_csv_has_one_row_per_task_with_iso_dates():
    rows = _rows(plan_csv(make_ledger()))

    assert rows[0] == TASK_HEADER
    assert len(rows) == 7
    assert rows[3][:8] == [
        "3",
        "一",
        "推进第3项集团化办学改革，新增学位300个。",
        "基础教育处",
        "计财处",
        "2025-12-31",
        "",
        "2026-03-31",
    ]
    assert rows[3][14] == "覆盖面≥90%；新建学校+3所"
    assert [row[-1] for row in rows[1:]] == [""] * 6  # the factory's plan has no 文号


def test_every_csv_row_ends_with_the_plans_document_number():
    plan = dataclasses.replace(make_ledger(), doc_number="A教发〔2025〕3号")

    for table in ("tasks", "targets", "reports"):
        rows = _rows(plan_csv(plan, table))
        assert rows[0][-1] == "文号"
        assert {row[-1] for row in rows[1:]} == {"A教发〔2025〕3号"}


def test_the_targets_csv_lists_each_target_with_planned_and_actual_values():
    rows = _rows(plan_csv(make_ledger(), "targets"))

    assert ["3", "覆盖面", ">=", "90", "%", "95", "是", ""] in rows
    # A lone "+" would be read as the start of a formula by Excel: it is neutralised like any text.
    assert ["3", "新建学校", "'+", "3", "所", "", "", ""] in rows


def test_the_reports_csv_lists_the_units_reports():
    rows = _rows(plan_csv(make_ledger(), "reports"))

    assert rows[1] == [
        "1",
        "基础教育处",
        "牵头单位",
        "2025-06-25",
        "已通过",
        "100",
        "已全部完成。",
        "2025-06-20",
        "",
    ]


def test_the_json_export_holds_the_plan_its_sections_tasks_targets_and_reports():
    data = json.loads(plan_json(make_ledger()))

    assert data["plan"]["title"] == "2025年全市教育工作任务分解方案"
    assert data["plan"]["as_of"] == "2025-07-10"
    assert [s["no"] for s in data["sections"]] == ["一", "二"]
    task = data["tasks"][2]
    assert task["extended_deadline"] == "2026-03-31"
    assert task["light"] == "yellow"
    assert task["targets"][0] == {
        "metric": "覆盖面",
        "op": ">=",
        "value": 90,
        "unit": "%",
        "actual": 95,
        "met": True,
    }
    assert data["reports"][0]["text"] == "已全部完成。"
