"""Build the founding plan in other formats and layouts from its hand-read gold, for the reader tests.

The builders take the gold (not a parse), so a fixture never inherits the parser's mistakes.
"""

from __future__ import annotations

import io
import json
from itertools import groupby
from typing import Any

from duban.testdata import FOUNDING_GOLD

HEADER = ["序号", "主要工作", "牵头单位", "责任单位"]


def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FOUNDING_GOLD.read_text(encoding="utf-8"))
    return data


def sections(plan: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(section heading, tasks) in order."""
    return [(heading, list(tasks)) for heading, tasks in groupby(plan["tasks"], key=lambda t: t["section"])]


def notice_lines(plan: dict[str, Any]) -> list[str]:
    return [
        plan["notice_title"],
        plan["addressees"] + "：",
        f"现将《{plan['plan_title']}》印发给你们，请认真贯彻执行。",
        "附件：" + plan["plan_title"],
        plan["issuer"],
        "附件：",
        plan["plan_title"],
    ]


def closing_lines(plan: dict[str, Any]) -> list[str]:
    y, m, d = (int(x) for x in plan["issue_date"].split("-"))
    return [f"抄送：{plan['cc']}。", f"{plan['issued_by_office']}    {y}年{m}月{d}日印发"]


def docx_per_section(plan: dict[str, Any]) -> bytes:
    """One table per section, several units in a cell as separate paragraphs."""
    from docx import Document

    document = Document()
    for line in notice_lines(plan):
        document.add_paragraph(line)
    for heading, tasks in sections(plan):
        document.add_paragraph(heading)
        table = document.add_table(rows=1, cols=4)
        for cell, title in zip(
            table.rows[0].cells, ["序\n号", "主  要  工  作", "牵头单位", "责任单位"], strict=True
        ):
            cell.text = title
        for task in tasks:
            cells = table.add_row().cells
            cells[0].text = task["no"]
            cells[1].text = task["text"]
            _units_as_paragraphs(cells[2], task["lead"])
            _units_as_paragraphs(cells[3], task["support"])
    for line in closing_lines(plan):
        document.add_paragraph(line)
    return _save(document)


def docx_one_table_merged(plan: dict[str, Any]) -> bytes:
    """One table: header repeated on every page, section rows merged across, equal leads merged down."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    for line in notice_lines(plan):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = title
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))
    for heading, tasks in sections(plan):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[3])
        merged.text = heading
        run_start = None
        for index, task in enumerate(tasks):
            cells = table.add_row().cells
            cells[0].text = task["no"]
            cells[1].text = task["text"]
            cells[3].text = "、".join(task["support"])
            same = index > 0 and tasks[index - 1]["lead"] == task["lead"]
            if same and run_start is not None:
                run_start.merge(cells[2])
            else:
                cells[2].text = "、".join(task["lead"])
                run_start = cells[2]
    for line in closing_lines(plan):
        document.add_paragraph(line)
    assert qn("w:vMerge")
    return _save(document)


def _units_as_paragraphs(cell: Any, units: list[str]) -> None:
    if not units:
        return
    cell.text = units[0]
    for unit in units[1:]:
        cell.add_paragraph(unit)


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_merged(plan: dict[str, Any]) -> bytes:
    """One sheet: a merged title row above the header, merged section rows, equal leads merged down."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = "任务分解"
    sheet.append([plan["plan_title"]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    sheet.append(HEADER)
    for heading, tasks in sections(plan):
        sheet.append([heading])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        run_start = None
        for index, task in enumerate(tasks):
            # Numbers stored as numbers, several units on lines of one cell.
            sheet.append([int(task["no"]), task["text"], "\n".join(task["lead"]), "\n".join(task["support"])])
            row = sheet.max_row
            sheet.cell(row=row, column=4).alignment = Alignment(wrap_text=True)
            if index > 0 and tasks[index - 1]["lead"] == task["lead"] and run_start is not None:
                sheet.cell(row=row, column=3).value = None
                sheet.merge_cells(start_row=run_start, start_column=3, end_row=row, end_column=3)
            else:
                run_start = row
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_sheet_per_section(plan: dict[str, Any]) -> bytes:
    """A sheet per section, named after it, each with its own header."""
    from openpyxl import Workbook

    workbook: Any = Workbook()
    workbook.remove(workbook.active)
    for heading, tasks in sections(plan):
        sheet = workbook.create_sheet(title=heading[:31])
        sheet.append(HEADER)
        for task in tasks:
            sheet.append([task["no"], task["text"], "、".join(task["lead"]), "、".join(task["support"])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def html_rowspan(plan: dict[str, Any], encoding: str = "utf-8") -> bytes:
    """A web page: navigation and scripts around one table, section rows by colspan, leads by rowspan."""
    from html import escape

    rows = []
    for heading, tasks in sections(plan):
        rows.append(f'<tr><td colspan="4"><b>{escape(heading)}</b></td></tr>')
        index = 0
        while index < len(tasks):
            span = 1
            while index + span < len(tasks) and tasks[index + span]["lead"] == tasks[index]["lead"]:
                span += 1
            for offset in range(span):
                task = tasks[index + offset]
                lead = (
                    f'<td rowspan="{span}">{"<br>".join(map(escape, task["lead"]))}</td>'
                    if offset == 0
                    else ""
                )
                rows.append(
                    f"<tr><td>{task['no']}</td><td><p>{escape(task['text'])}</p></td>{lead}"
                    f"<td>{'、'.join(map(escape, task['support']))}</td></tr>"
                )
            index += span
    notice = "".join(f"<p>{escape(line)}</p>" for line in notice_lines(plan))
    closing = "".join(f"<p>{escape(line)}</p>" for line in closing_lines(plan))
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{escape(plan["notice_title"])}</title>'
        "<style>td{border:1px solid}</style><script>var x = '<table><tr><td>1</td></tr></table>';</script>"
        "</head><body><nav><a href='/'>首页</a> &gt; 通知公告</nav>"
        f"{notice}<table border='1'><tr><th>序<br>号</th><th>主要工作</th>"
        "<th>牵头单位</th><th>责任单位</th></tr>"
        f"{''.join(rows)}</table>{closing}<footer>版权所有</footer></body></html>"
    )
    return page.encode(encoding)


def inline_text(plan: dict[str, Any]) -> bytes:
    """Numbered paragraphs with the units written inline: （牵头单位：X；责任单位：Y、Z）."""
    lines = [*notice_lines(plan)]
    for heading, tasks in sections(plan):
        lines.append(heading)
        for task in tasks:
            units = f"牵头单位：{'、'.join(task['lead'])}"
            if task["support"]:
                units += f"；责任单位：{'、'.join(task['support'])}"
            lines.append(f"{task['no']}. {task['text']}（{units}）")
    lines += closing_lines(plan)
    return "\n".join(lines).encode()


def pdf_table(plan: dict[str, Any]) -> bytes:
    """A PDF of one ruled table over many pages, its header repeated on each, rows split by page breaks."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as T

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    data: list[list[Any]] = [[P(h, style) for h in HEADER]]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for heading, tasks in sections(plan):
        data.append([P(heading, style), "", "", ""])
        commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        for task in tasks:
            data.append(
                [
                    P(task["no"], style),
                    P(task["text"], style),
                    P("<br/>".join(task["lead"]), style),
                    P("<br/>".join(task["support"]), style),
                ]
            )
    table = T(data, colWidths=[30, 300, 80, 80], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(commands))
    story = [P(line, style) for line in notice_lines(plan)] + [table]
    story += [P(line, style) for line in closing_lines(plan)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
