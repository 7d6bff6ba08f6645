"""The responsibility matrix: a mark per task and unit, counts per unit."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from duban.reports.matrix import LEAD_MARK, SUPPORT_MARK, UNSIGNED_LABEL, matrix_xlsx
from duban.reports.tests.factories import make_ledger


def test_units_stand_across_tasks_down_with_lead_and_support_marks():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(make_ledger())))["责任矩阵"]

    assert [c.value for c in sheet[3]] == [
        "序号",
        "板块",
        "主要工作",
        "基础教育处",
        "计财处",
        "办公室",
        "各处室",
    ]
    assert [c.value for c in sheet[4]][3:] == [LEAD_MARK, SUPPORT_MARK, None, None]
    assert [c.value for c in sheet[7]][3:] == [None, LEAD_MARK, None, SUPPORT_MARK]


def test_the_foot_counts_each_units_lead_support_and_total_tasks():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(make_ledger())))["责任矩阵"]

    rows = {sheet.cell(row=r, column=1).value: [c.value for c in sheet[r]][3:] for r in (10, 11, 12)}
    assert rows == {
        "牵头（项）": [4, 1, 1, 0],
        "参与（项）": [0, 4, 0, 1],
        "合计（项）": [4, 5, 1, 1],
    }
    assert "A10:C10" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_matrix_prints_on_a4_landscape_with_frozen_task_columns_and_narrow_unit_columns():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(make_ledger())))["责任矩阵"]

    assert sheet.freeze_panes == "D4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["C"].width == 36
    assert sheet.column_dimensions["D"].width == 4.5
    assert sheet["D3"].alignment.textRotation == 255


def test_a_units_column_shows_the_tasks_it_holds_through_a_collective_with_its_own_mark():
    ledger = make_ledger()
    ledger.collectives = ["各处室"]
    ledger.members = {"各处室": ["基础教育处", "计财处", "办公室"]}
    sheet = load_workbook(io.BytesIO(matrix_xlsx(ledger))).worksheets[0]

    header = [c.value for c in sheet[3]]
    office, collective = header.index("办公室") + 1, header.index("各处室") + 1
    rows = {sheet.cell(row=r, column=1).value: r for r in range(4, 10)}
    # Task 4 is supported by 各处室: 办公室 holds it through the collective.
    assert sheet.cell(row=rows[4], column=office).value == "△"
    assert sheet.cell(row=rows[4], column=collective).value == "○"
    assert collective == len(header)  # collectives come last
    totals = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=office).value for r in (10, 11, 12)}
    assert totals == {"牵头（项）": 1, "参与（项）": 1, "合计（项）": 2}


def test_a_units_matrix_names_the_unit():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(make_ledger(unit="基础教育处")))).worksheets[0]

    assert sheet["A1"].value == "2025年全市教育工作任务分解方案责任分工矩阵（基础教育处）"


def test_the_foot_counts_what_each_unit_has_not_signed_for_when_given():
    ledger = make_ledger()
    ledger.unsigned = {"计财处": 2}
    sheet = load_workbook(io.BytesIO(matrix_xlsx(ledger)))["责任矩阵"]

    assert sheet.cell(row=13, column=1).value == UNSIGNED_LABEL
    assert [c.value for c in sheet[13]][3:] == [0, 2, 0, 0]


def test_without_sign_off_figures_the_foot_has_no_unsigned_row():
    sheet = load_workbook(io.BytesIO(matrix_xlsx(make_ledger())))["责任矩阵"]

    assert sheet.max_row == 12
