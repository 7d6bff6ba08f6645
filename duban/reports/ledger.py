"""The ledger (台账) as .xlsx: a summary sheet, then one sheet per section, one row per task.

The layout is also a contract with `duban import`: the parser recognises the task columns by their
titles (序号, 主要工作, 牵头单位, 责任单位, 完成时限) and ignores the others, each section sheet opens with
its heading (一、…), and the summary sheet comes first and names no task column, so a ledger re-imports
as the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from duban.lib.numbers import is_ascii_number
from duban.reports import sheets
from duban.reports.data import LIGHT_LABELS, LedgerPlan, LedgerSection, LedgerTask, date_text
from duban.reports.ledger_documents import DOCUMENTS_SHEET, write_documents_sheet
from duban.reports.ledger_nodes import NODES_SHEET, write_nodes_sheet

SUMMARY_SHEET = "汇总"
NOTICE_SHEET = "方案信息"
UNSECTIONED_SHEET = "未分板块"
HEADER_ROWS = "2:3"
FIRST_TASK_ROW = 4


@dataclass(frozen=True)
class Column:
    """A ledger column: its group title (merged over its sub-columns), its own title, width and value."""

    group: str | None
    title: str
    width: float
    value: Callable[[LedgerTask, LedgerPlan], sheets.CellValue]
    centered: bool = False


def _lines(values: list[str]) -> str:
    return "\n".join(values)


def _day(day: dt.date | None) -> str:
    return date_text(day) if day else ""


# Widths in Excel character units, about 190 in all: one A4 landscape page wide at about 78 % scale.
COLUMNS: list[Column] = [
    Column(None, "序号", 5, lambda t, p: int(t.no) if is_ascii_number(t.no) else t.no, centered=True),
    Column(None, "板块", 4, lambda t, p: t.section_no or "", centered=True),
    Column(None, "主要工作", 32, lambda t, p: t.text),
    Column(None, "牵头单位", 9, lambda t, p: "、".join(t.lead_units)),
    Column(None, "责任单位", 9, lambda t, p: "、".join(t.support_units)),
    Column(None, "责任领导", 6, lambda t, p: "、".join(t.leaders), centered=True),
    Column(None, "完成时限", 10, lambda t, p: t.deadline_in_force(p.default_deadline), centered=True),
    Column(None, "延期至", 8, lambda t, p: _day(t.extended_deadline), True),
    Column(None, "状态", 6, lambda t, p: t.state_label, centered=True),
    Column(None, "办结日期", 8, lambda t, p: _day(t.completed_on), True),
    Column(None, "亮灯", 5, lambda t, p: LIGHT_LABELS.get(t.light or "", ""), centered=True),
    Column("进度（%）", "实际", 5, lambda t, p: t.progress, centered=True),
    Column("进度（%）", "序时", 5, lambda t, p: t.expected, centered=True),
    Column("最新进展", "情况", 16, lambda t, p: t.report_text),
    Column("最新进展", "存在问题", 10, lambda t, p: t.problems),
    Column("最新进展", "下步计划", 10, lambda t, p: t.next_steps),
    Column("最新进展", "报送日期", 8, lambda t, p: _day(t.report_date), True),
    Column("最新进展", "佐证", 4, lambda t, p: t.evidence or "", True),
    Column("目标指标", "指标", 9, lambda t, p: _lines([x.metric for x in t.targets])),
    Column("目标指标", "计划", 8, lambda t, p: _lines([x.planned_text for x in t.targets]), centered=True),
    Column("目标指标", "实际", 8, lambda t, p: _lines([x.actual_text or "—" for x in t.targets]), True),
    Column(None, "备注", 6, lambda t, p: t.remarks),
]
# In one unit's ledger: whether the unit leads or supports each task, and through which collective.
ROLE_COLUMN = Column(None, "本单位角色", 8, lambda t, p: t.unit_role, centered=True)


def columns_of(plan: LedgerPlan) -> list[Column]:
    """The ledger's columns; one unit's ledger adds its role after the units."""
    if plan.unit is None:
        return COLUMNS
    at = next(i for i, c in enumerate(COLUMNS) if c.title == "责任领导")
    return [*COLUMNS[:at], ROLE_COLUMN, *COLUMNS[at:]]


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
    notice = workbook.active
    assert notice is not None  # a new workbook always has its first sheet
    _write_notice(notice, plan, taken)
    summary = workbook.create_sheet(sheets.sheet_name(SUMMARY_SHEET, taken))
    _write_summary(summary, plan)
    for section in plan.sections:
        sheet = workbook.create_sheet(sheets.sheet_name(section_sheet_name(section), taken))
        _write_section(sheet, plan, section)
    # Last, after the sections: a table after them that names no task column adds no task on re-import.
    documents = workbook.create_sheet(sheets.sheet_name(DOCUMENTS_SHEET, taken))
    write_documents_sheet(documents, plan, title=ledger_title(plan))
    if plan.nodes:
        nodes = workbook.create_sheet(sheets.sheet_name(NODES_SHEET, taken))
        write_nodes_sheet(nodes, plan, title=ledger_title(plan))
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


def _write_notice(sheet: Worksheet, plan: LedgerPlan, taken: set[str]) -> None:
    """The plan's notice (通知标题, 文号, 主送, 发文单位, 印发日期, 抄送) as the lines a notice is read from.

    On import every sheet's name is read as a line before its rows, and the lines before 主送 make the
    notice title: so the sheet is named by the title's first 31 characters and its first row holds the
    rest; without a title, by the 文号 (which the reader sets apart), else by a neutral name and no 主送.
    """
    lines: list[str] = []
    head = plan.notice_title[: sheets.SHEET_NAME_MAX]
    if head and sheets.sheet_name(head, set()) == head:
        name, lines = head, [plan.notice_title[len(head) :]]
    elif plan.doc_number and sheets.sheet_name(plan.doc_number, set()) == plan.doc_number:
        name = plan.doc_number
    else:
        name = NOTICE_SHEET
    sheet.title = sheets.sheet_name(name, taken)
    lines.append(plan.doc_number)
    if name != NOTICE_SHEET and plan.addressees:
        lines.append(f"{plan.addressees}：")
    lines.append(plan.issuer)
    lines.append(f"{date_text(plan.issue_date)}印发" if plan.issue_date else "")
    lines.append(f"抄送：{plan.cc}。" if plan.cc else "")
    row = 0
    for text in lines:
        if text:
            row += 1
            sheets.body_cell(sheet, row, 1, text)
            sheet.cell(row=row, column=1).border = sheets.NO_BORDER
    sheets.set_widths(sheet, [90])
    sheets.print_setup(sheet, title=ledger_title(plan))


def _write_summary(sheet: Worksheet, plan: LedgerPlan) -> None:
    width = len(SUMMARY_COLUMNS)
    # The plan's title alone on the first row: on import it names the plan (and its year).
    sheets.title_row(sheet, 1, plan.title, width)
    info = [
        f"统计日期：{date_text(plan.as_of)}",
        f"单位：{plan.unit or '全部'}",
        f"任务：{len(plan.tasks)} 项",
        f"文号：{plan.doc_number or '无'}",
    ]
    # The narrow figure columns would wrap these a character at a time: each after the first spans three.
    for index, text in enumerate(info):
        column = 1 if index == 0 else 3 * index - 1
        sheets.body_cell(sheet, 2, column, text)
        if index:
            sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + 2)
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
    columns = columns_of(plan)
    light_column = next(i for i, c in enumerate(columns, start=1) if c.title == "亮灯")
    # The heading alone on the first row: on import it opens the section again.
    sheets.title_row(sheet, 1, section.heading, len(columns))
    _write_header(sheet, columns)
    for offset, task in enumerate(section.tasks):
        row = FIRST_TASK_ROW + offset
        values = [spec.value(task, plan) for spec in columns]
        for column, (spec, value) in enumerate(zip(columns, values, strict=True), start=1):
            sheets.body_cell(sheet, row, column, value, centered=spec.centered)
        sheets.fit_height(sheet, row, [(v, c.width) for v, c in zip(values, columns, strict=True)])
        if task.light in sheets.LIGHT_FILLS:
            sheet.cell(row=row, column=light_column).fill = sheets.LIGHT_FILLS[task.light]
    last_row = max(FIRST_TASK_ROW - 1 + len(section.tasks), FIRST_TASK_ROW - 1)
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{last_row}"
    sheet.freeze_panes = f"A{FIRST_TASK_ROW}"
    sheets.set_widths(sheet, [c.width for c in columns])
    sheets.print_setup(sheet, title=ledger_title(plan), header_rows=HEADER_ROWS)


def _write_header(sheet: Worksheet, columns: list[Column]) -> None:
    """Two header rows: a group title merged over its sub-columns, a single title merged downwards."""
    column = 1
    for group, members in groupby(columns, key=lambda c: c.group):
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
