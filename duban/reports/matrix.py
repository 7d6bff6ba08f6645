"""The responsibility matrix (.xlsx): tasks down, units across, ● where a unit leads, ○ where it supports."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from duban.lib.numbers import is_ascii_number
from duban.reports import sheets
from duban.reports.data import LedgerPlan

LEAD_MARK = "●"
SUPPORT_MARK = "○"
LEGEND = f"{LEAD_MARK} 牵头单位　{SUPPORT_MARK} 责任单位"
FIXED = [("序号", 5.0), ("板块", 5.0), ("主要工作", 36.0)]
UNIT_WIDTH = 4.5
HEADER_ROW = 3
VERTICAL = Alignment(text_rotation=255, horizontal="center", vertical="center", wrap_text=True)


def matrix_xlsx(plan: LedgerPlan) -> bytes:
    """The plan's units × tasks matrix, with each unit's lead, support and total counts at the foot."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "责任矩阵"
    units = plan.units()
    width = len(FIXED) + len(units)
    sheets.title_row(sheet, 1, f"{plan.title}责任分工矩阵", width)
    sheets.body_cell(sheet, 2, 1, LEGEND)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(FIXED))
    for column, (title, _) in enumerate(FIXED, start=1):
        sheets.header_cell(sheet, HEADER_ROW, column, title)
    for offset, unit in enumerate(units):
        column = len(FIXED) + 1 + offset
        sheets.header_cell(sheet, HEADER_ROW, column, unit)
        # Stacked characters read top to bottom, as unit names are written in Chinese tables.
        sheet.cell(row=HEADER_ROW, column=column).alignment = VERTICAL
    sheet.row_dimensions[HEADER_ROW].height = 15 * max((len(u) for u in units), default=2)
    counts = {unit: [0, 0] for unit in units}
    row = HEADER_ROW
    for task in plan.tasks:
        row += 1
        sheets.body_cell(sheet, row, 1, int(task.no) if is_ascii_number(task.no) else task.no, centered=True)
        sheets.body_cell(sheet, row, 2, task.section_no or "", centered=True)
        sheets.body_cell(sheet, row, 3, task.text)
        for offset, unit in enumerate(units):
            mark: str | None = None
            if unit in task.lead_units:
                mark, counts[unit][0] = LEAD_MARK, counts[unit][0] + 1
            elif unit in task.support_units:
                mark, counts[unit][1] = SUPPORT_MARK, counts[unit][1] + 1
            sheets.body_cell(sheet, row, len(FIXED) + 1 + offset, mark, centered=True)
    last_task_row = row
    for label, pick in (("牵头（项）", 0), ("参与（项）", 1), ("合计（项）", None)):
        row += 1
        sheets.header_cell(sheet, row, 1, label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(FIXED))
        for offset, unit in enumerate(units):
            value = sum(counts[unit]) if pick is None else counts[unit][pick]
            sheets.body_cell(sheet, row, len(FIXED) + 1 + offset, value, centered=True)
    sheets.set_widths(sheet, [w for _, w in FIXED] + [UNIT_WIDTH] * len(units))
    sheet.freeze_panes = f"{get_column_letter(len(FIXED) + 1)}{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{last_task_row}"
    sheets.print_setup(sheet, title=f"{plan.title}责任分工矩阵", header_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    return sheets.workbook_bytes(workbook)
