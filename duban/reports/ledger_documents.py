"""The ledger's sheet 文件出台情况: each document a task must issue, issued or pending, with its 文号.

Every cell is text (`sheets.text_cell`), so a title or 文号 starting like a formula stays as written. No
header names a task-text column (主要工作, 任务…), so `duban import` of a ledger reads no task from this
sheet, and its dates are ISO (2025-06-30), which the notice reader never takes for the plan's 印发日期:
the round trip keeps the plan.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from duban.reports import sheets
from duban.reports.data import DocumentRow, LedgerPlan

DOCUMENTS_SHEET = "文件出台情况"
NO_DOCUMENTS = "本方案没有需出台的文件。"

# (title, width, centred): the task's number and text, the document, its state, 文号, 印发日期, lead units.
DOCUMENT_COLUMNS: list[tuple[str, float, bool]] = [
    ("序号", 6, True),
    ("工作", 48, False),
    ("文件名称", 30, False),
    ("状态", 8, True),
    ("文号", 20, True),
    ("印发日期", 14, True),
    ("牵头单位", 16, False),
]


def document_cells(row: DocumentRow) -> list[str]:
    """A document's cells, all text; a pending one let through for 办结 says so in its state."""
    state = row.state_label
    if not row.issued and row.override_reason:
        state += "（已同意先行办结）"
    return [
        row.task_no,
        row.task_text,
        f"《{row.title}》",
        state,
        row.doc_number,
        row.issued_on.isoformat() if row.issued_on else "",
        "、".join(row.lead_units),
    ]


def write_documents_sheet(sheet: Worksheet, plan: LedgerPlan, *, title: str) -> None:
    """Fill the sheet: a title, the header, then one row per document in plan order."""
    widths = [width for _, width, _ in DOCUMENT_COLUMNS]
    issued = sum(1 for d in plan.documents if d.issued)
    sheets.title_row(sheet, 1, DOCUMENTS_SHEET, len(DOCUMENT_COLUMNS))
    sheets.body_cell(
        sheet, 2, 1, f"截至{plan.as_of.isoformat()}，需出台文件{len(plan.documents)}个，已出台{issued}个。"
    )
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(DOCUMENT_COLUMNS))
    for column, (name, _, _) in enumerate(DOCUMENT_COLUMNS, start=1):
        sheets.header_cell(sheet, 3, column, name)
    row = 4
    for document in plan.documents:
        values = document_cells(document)
        for column, (value, (_, _, centered)) in enumerate(zip(values, DOCUMENT_COLUMNS, strict=True), 1):
            sheets.body_cell(sheet, row, column, value, centered=centered)
        sheets.fit_height(sheet, row, list(zip(values, widths, strict=True)))
        row += 1
    if not plan.documents:
        sheets.body_cell(sheet, row, 1, NO_DOCUMENTS)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(DOCUMENT_COLUMNS))
    sheet.freeze_panes = "A4"
    sheets.set_widths(sheet, widths)
    sheets.print_setup(sheet, title=title, header_rows="3:3")
