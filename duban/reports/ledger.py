"""The ledger (台账) as .xlsx: a summary sheet, then one sheet per section, one row per task.

The layout is also a contract with `duban import`: the parser recognises the task columns by their
titles (序号, 主要工作, 牵头单位, 责任单位, 完成时限) and ignores the others, each section sheet opens with
its heading (一、…), and the summary sheet comes first and names no task column, so a ledger re-imports
as the same plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from duban.lib.numbers import is_ascii_number
from duban.reports import sheets
from duban.reports.data import LIGHT_LABELS, LedgerPlan, LedgerSection, LedgerTask, date_text

SUMMARY_SHEET = "汇总"
UNSECTIONED_SHEET = "未分板块"
HEADER_ROWS = "2:3"
FIRST_TASK_ROW = 4


@dataclass(frozen=True)
class Column:
    """A ledger column: its group title (merged over its sub-columns), its own title, width and value."""

    group: str | None
    title: str
    width: float
    value: Callable[[LedgerTask], sheets.CellValue]
    centered: bool = False


def _lines(values: list[str]) -> str:
    return "\n".join(values)


# Widths in Excel character units, about 160 in all: one A4 landscape page wide at about 90 % scale.
COLUMNS: list[Column] = [
    Column(None, "序号", 5, lambda t: int(t.no) if is_ascii_number(t.no) else t.no, centered=True),
    Column(None, "板块", 5, lambda t: t.section_no or "", centered=True),
    Column(None, "主要工作", 36, lambda t: t.text),
    Column(None, "牵头单位", 9, lambda t: "、".join(t.lead_units)),
    Column(None, "责任单位", 9, lambda t: "、".join(t.support_units)),
    Column(None, "完成时限", 9, lambda t: t.deadline_cell, centered=True),
    Column(None, "延期至", 9, lambda t: date_text(t.extended_deadline) if t.extended_deadline else "", True),
    Column(None, "状态", 6, lambda t: t.state_label, centered=True),
    Column(None, "亮灯", 5, lambda t: LIGHT_LABELS.get(t.light or "", ""), centered=True),
    Column("进度（%）", "实际", 5, lambda t: t.progress, centered=True),
    Column("进度（%）", "序时", 5, lambda t: t.expected, centered=True),
    Column("最新进展", "情况", 18, lambda t: t.report_text),
    Column("最新进展", "报送日期", 9, lambda t: date_text(t.report_date) if t.report_date else "", True),
    Column("目标指标", "指标", 9, lambda t: _lines([x.metric for x in t.targets])),
    Column("目标指标", "计划", 8, lambda t: _lines([x.planned_text for x in t.targets]), centered=True),
    Column("目标指标", "实际", 8, lambda t: _lines([x.actual_text or "—" for x in t.targets]), True),
    Column(None, "备注", 7, lambda t: t.remarks),
]
LIGHT_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.title == "亮灯")

SUMMARY_COLUMNS: list[tuple[str, float]] = [
    ("板块", 40),
    ("项数", 8),
    ("已办结", 8),
    ("办结率（%）", 10),
    ("逾期", 8),
    ("欠进度", 8),
    ("绿灯", 8),
    ("黄灯", 8),
    ("红灯", 8),
    ("平均进度（%）", 12),
]


def ledger_xlsx(plan: LedgerPlan) -> bytes:
    """The ledger workbook of a plan (or of one unit's share of it) as .xlsx bytes."""
    workbook = Workbook()
    taken: set[str] = set()
    summary = workbook.active
    assert summary is not None  # a new workbook always has its first sheet
    summary.title = sheets.sheet_name(SUMMARY_SHEET, taken)
    _write_summary(summary, plan)
    for section in plan.sections:
        sheet = workbook.create_sheet(sheets.sheet_name(section_sheet_name(section), taken))
        _write_section(sheet, plan, section)
    return sheets.workbook_bytes(workbook)


def ledger_title(plan: LedgerPlan) -> str:
    """台账 title shown in the print header: the plan's name, and the unit's when it is one unit's."""
    unit = f"（{plan.unit}）" if plan.unit else ""
    return f"{plan.title}台账{unit}"


def section_sheet_name(section: LedgerSection) -> str:
    """The heading itself when Excel allows it as a sheet name, else a shortened name that is no heading.

    A sheet's name is read back as a paragraph on import: a shortened "一、…" would add a second section.
    """
    if section.no is None:
        return UNSECTIONED_SHEET
    heading = section.heading
    if len(heading) <= sheets.SHEET_NAME_MAX and sheets.sheet_name(heading, set()) == heading:
        return heading
    name = f"{section.no} {section.title}"
    return name if len(name) <= sheets.SHEET_NAME_MAX else name[: sheets.SHEET_NAME_MAX - 1] + "…"


def _write_summary(sheet: Worksheet, plan: LedgerPlan) -> None:
    width = len(SUMMARY_COLUMNS)
    # The plan's title alone on the first row: on import it names the plan (and its year).
    sheets.title_row(sheet, 1, plan.title, width)
    info = [
        f"统计日期：{date_text(plan.as_of)}",
        f"单位：{plan.unit or '全部'}",
        f"任务：{len(plan.tasks)} 项",
    ]
    for column, text in enumerate(info, start=1):
        sheets.body_cell(sheet, 2, column, text)
    for column, (title, _) in enumerate(SUMMARY_COLUMNS, start=1):
        sheets.header_cell(sheet, 4, column, title)
    row = 5
    for section in plan.sections:
        _summary_line(sheet, row, section.heading, section.tasks)
        row += 1
    _summary_line(sheet, row, "合计", plan.tasks)
    sheets.set_widths(sheet, [w for _, w in SUMMARY_COLUMNS])
    sheet.freeze_panes = "A5"
    sheets.print_setup(sheet, title=ledger_title(plan), header_rows="4:4")


def _summary_line(sheet: Worksheet, row: int, label: str, tasks: list[LedgerTask]) -> None:
    total = len(tasks)
    completed = sum(1 for t in tasks if t.completed)
    progresses = [t.progress for t in tasks if t.progress is not None]
    values: list[sheets.CellValue] = [
        label,
        total,
        completed,
        round(100 * completed / total) if total else "—",
        sum(1 for t in tasks if t.overdue),
        sum(1 for t in tasks if t.behind),
        *(sum(1 for t in tasks if t.light == light) for light in ("green", "yellow", "red")),
        round(sum(progresses) / len(progresses)) if progresses else "—",
    ]
    for column, value in enumerate(values, start=1):
        sheets.body_cell(sheet, row, column, value, centered=column > 1)


def _write_section(sheet: Worksheet, plan: LedgerPlan, section: LedgerSection) -> None:
    # The heading alone on the first row: on import it opens the section again.
    sheets.title_row(sheet, 1, section.heading, len(COLUMNS))
    _write_header(sheet)
    for offset, task in enumerate(section.tasks):
        row = FIRST_TASK_ROW + offset
        for column, spec in enumerate(COLUMNS, start=1):
            sheets.body_cell(sheet, row, column, spec.value(task), centered=spec.centered)
        if task.light in sheets.LIGHT_FILLS:
            sheet.cell(row=row, column=LIGHT_COLUMN).fill = sheets.LIGHT_FILLS[task.light]
    last_row = max(FIRST_TASK_ROW - 1 + len(section.tasks), FIRST_TASK_ROW - 1)
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(COLUMNS))}{last_row}"
    sheet.freeze_panes = f"A{FIRST_TASK_ROW}"
    sheets.set_widths(sheet, [c.width for c in COLUMNS])
    sheets.print_setup(sheet, title=ledger_title(plan), header_rows=HEADER_ROWS)


def _write_header(sheet: Worksheet) -> None:
    """Two header rows: a group title merged over its sub-columns, a single title merged downwards."""
    column = 1
    for group, members in groupby(COLUMNS, key=lambda c: c.group):
        span = list(members)
        if group is None:
            for spec in span:
                sheets.header_cell(sheet, 2, column, spec.title)
                sheets.header_cell(sheet, 3, column, "")
                sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
                column += 1
            continue
        for index, sub in enumerate(span):
            sheets.header_cell(sheet, 2, column + index, group if index == 0 else "")
            sheets.header_cell(sheet, 3, column + index, sub.title)
        sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + len(span) - 1)
        column += len(span)
