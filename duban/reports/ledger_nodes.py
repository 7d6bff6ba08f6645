"""The ledger's sheet 推进节点情况: each task's approved 推进节点 with its date, share of the work and state.

Written only when some task has nodes. As on the sheet 文件出台情况, every cell is text, no header names a
task-text column and dates are ISO, so `duban import` of the ledger reads no task and no 印发日期 here.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from duban.reports import sheets
from duban.reports.data import LedgerPlan, NodeRow

NODES_SHEET = "推进节点情况"

# (title, width, centred): the task's number and text, the node's date, what is due, its share, its state.
NODE_COLUMNS: list[tuple[str, float, bool]] = [
    ("序号", 6, True),
    ("工作", 48, False),
    ("节点日期", 14, True),
    ("节点", 36, False),  # not 节点内容: a header with 内容 names a task column to the parser
    ("对应进度", 10, True),
    ("完成情况", 22, True),
]


def node_cells(row: NodeRow, plan: LedgerPlan) -> list[str]:
    """A node's cells, all text."""
    return [
        row.task_no,
        row.task_text,
        row.due_on.isoformat(),
        row.title,
        f"{row.percent}%",
        row.state_label(plan.as_of),
    ]


def write_nodes_sheet(sheet: Worksheet, plan: LedgerPlan, *, title: str) -> None:
    """Fill the sheet: a title, a count line, the header, then one row per node in plan order."""
    widths = [width for _, width, _ in NODE_COLUMNS]
    done = sum(1 for n in plan.nodes if n.done_on is not None)
    missed = sum(1 for n in plan.nodes if n.done_on is None and n.due_on < plan.as_of)
    sheets.title_row(sheet, 1, NODES_SHEET, len(NODE_COLUMNS))
    line = (
        f"截至{plan.as_of.isoformat()}，推进节点{len(plan.nodes)}个，已完成{done}个，逾期未完成{missed}个。"
    )
    sheets.body_cell(sheet, 2, 1, line)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(NODE_COLUMNS))
    for column, (name, _, _) in enumerate(NODE_COLUMNS, start=1):
        sheets.header_cell(sheet, 3, column, name)
    for row, node in enumerate(plan.nodes, start=4):
        values = node_cells(node, plan)
        for column, (value, (_, _, centered)) in enumerate(zip(values, NODE_COLUMNS, strict=True), 1):
            sheets.body_cell(sheet, row, column, value, centered=centered)
        sheets.fit_height(sheet, row, list(zip(values, widths, strict=True)))
    sheet.freeze_panes = "A4"
    sheets.set_widths(sheet, widths)
    sheets.print_setup(sheet, title=title, header_rows="3:3")
