"""The responsibility matrix (.xlsx): tasks down, units across, ● where a unit leads, ○ where it supports.

A task held by a collective (各处室) is marked in the column of every unit the collective stands for, with
its own marks (◎ leads, △ supports through the collective), and counted for that unit; the collective's
column stays, last, so nothing the document says is lost.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from duban.lib.numbers import is_ascii_number
from duban.reports import sheets
from duban.reports.data import LedgerPlan, LedgerTask

LEAD_MARK = "●"
SUPPORT_MARK = "○"
LEAD_VIA_MARK = "◎"
SUPPORT_VIA_MARK = "△"
LEGEND = (
    f"{LEAD_MARK} 牵头单位　{SUPPORT_MARK} 责任单位　"
    f"{LEAD_VIA_MARK} 经“各处室”等牵头　{SUPPORT_VIA_MARK} 经“各处室”等参与"
)
UNSIGNED_LABEL = "未签收（项）"
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
    collectives = set(plan.collectives)
    named = plan.units()
    units = [u for u in named if u not in collectives] + [u for u in named if u in collectives]
    width = len(FIXED) + len(units)
    title = f"{plan.title}责任分工矩阵" + (f"（{plan.unit}）" if plan.unit else "")
    sheets.title_row(sheet, 1, title, width)
    legend = f"{plan.doc_number}　{LEGEND}" if plan.doc_number else LEGEND
    sheets.body_cell(sheet, 2, 1, legend)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheets.fit_height(sheet, 2, [(legend, sum(w for _, w in FIXED) + UNIT_WIDTH * len(units))])
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
        sheets.fit_height(sheet, row, [(task.text, FIXED[2][1])])
        for offset, unit in enumerate(units):
            mark, role = _mark(task, unit, plan.members)
            if role is not None:
                counts[unit][role] += 1
            sheets.body_cell(sheet, row, len(FIXED) + 1 + offset, mark, centered=True)
    last_task_row = row
    for label, pick in (("牵头（项）", 0), ("参与（项）", 1), ("合计（项）", None)):
        row += 1
        sheets.header_cell(sheet, row, 1, label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(FIXED))
        for offset, unit in enumerate(units):
            value = sum(counts[unit]) if pick is None else counts[unit][pick]
            sheets.body_cell(sheet, row, len(FIXED) + 1 + offset, value, centered=True)
    if plan.unsigned is not None:
        row += 1
        sheets.header_cell(sheet, row, 1, UNSIGNED_LABEL)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(FIXED))
        for offset, unit in enumerate(units):
            sheets.body_cell(sheet, row, len(FIXED) + 1 + offset, plan.unsigned.get(unit, 0), centered=True)
    sheets.set_widths(sheet, [w for _, w in FIXED] + [UNIT_WIDTH] * len(units))
    sheet.freeze_panes = f"{get_column_letter(len(FIXED) + 1)}{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{last_task_row}"
    sheets.print_setup(sheet, title=title, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    return sheets.workbook_bytes(workbook)


def _mark(task: LedgerTask, unit: str, members: dict[str, list[str]]) -> tuple[str | None, int | None]:
    """The unit's mark on a task and whether it counts as leading (0) or supporting (1)."""
    if unit in task.lead_units:
        return LEAD_MARK, 0
    if unit in task.support_units:
        return SUPPORT_MARK, 1
    if any(unit in members.get(c, ()) for c in task.lead_units):
        return LEAD_VIA_MARK, 0
    if any(unit in members.get(c, ()) for c in task.support_units):
        return SUPPORT_VIA_MARK, 1
    return None, None
