"""考核结果 .xlsx (text cells, no formulas) and 考核通报 .docx in the circular's layout.

The workbook writes through `reports.sheets` (text stays text, a leading "=" never runs); the circular
through `reports.docx_page` and `reports.docx_layout`, imported and never changed here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from duban.assessment.rules import ITEM_LABELS, Adjustment, SubjectResult
from duban.assessment.selectors import Results
from duban.reports import docx_layout as layout
from duban.reports import docx_page as page
from duban.reports import sheets
from duban.reports.data import date_text
from duban.reports.exports import DOCX, XLSX, ExportFile

EXPORT_FORMATS = ("xlsx", "docx")
VETO = "一票否决"
NO_SCORE = "无可计分项"
NOT_RANKED = "不参加排名"
WARNING_FONT = Font(name=sheets.FONT_NAME, size=11, bold=True, color="C00000")


def _points(value: object) -> str:
    return "" if value is None else str(value)


def _place(result: SubjectResult) -> str:
    if result.veto:
        return VETO
    if result.exclusion:
        return NOT_RANKED
    if result.rank is None:
        return NO_SCORE
    return f"{result.rank}（并列）" if result.tied else str(result.rank)


def _adjustment_points(adjustment: Adjustment) -> str:
    if adjustment.veto:
        return "否决"
    return f"{adjustment.points:+}"


def _ranking_row(result: SubjectResult) -> list[str]:
    values = (result.base, result.bonus, result.deduction, result.total)
    return [_place(result), result.name, *[_points(v) for v in values], result.grade]


def _note_row(sheet: Worksheet, row: int, text: str, columns: int) -> None:
    """A warning under the title, merged across the columns, in red so it is read before the figures."""
    cell = sheets.text_cell(sheet, row, 1, text)
    cell.font = WARNING_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = 22


def _body_row(
    sheet: Worksheet, row: int, values: list[str], widths: list[float], centered: Callable[[int], bool]
) -> None:
    """One row of body cells, as tall as its longest wrapped text (a long reason must not spill over)."""
    for column, value in enumerate(values, start=1):
        sheets.body_cell(sheet, row, column, value, centered=centered(column))
    sheets.fit_height(sheet, row, list(zip(values, widths, strict=True)))


def results_title(results: Results) -> str:
    """The title both files carry."""
    return f"《{results.plan.title}》考核结果"


def results_xlsx(results: Results) -> bytes:
    """Two sheets: 考核结果 (one row per subject) and 得分明细 (each item of each period with its figure)."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook has its sheet
    summary.title = "考核结果"
    periods = [p.label for p in results.periods]
    header = [
        "名次",
        "类别",
        "被考核对象",
        *[f"{p}得分" for p in periods],
        "基础分",
        "加分",
        "扣分",
        "总分",
        "等次",
        "说明",
    ]
    sheets.title_row(summary, 1, f"{results_title(results)}（截至{date_text(results.as_of)}）", len(header))
    header_row = 2
    if results.warning:
        _note_row(summary, 2, results.warning, len(header))
        header_row = 3
    for column, text in enumerate(header, start=1):
        sheets.header_cell(summary, header_row, column, text)
    widths: list[float] = [10, 10, 26, *[10] * len(periods), 10, 8, 8, 10, 10, 30]
    row = header_row + 1
    for result in [*results.units, *results.organizations]:
        by_label = {p.label: p.score for p in result.periods}
        values = [
            _place(result),
            "单位" if result.kind == "unit" else "下级组织",
            result.name,
            *[_points(by_label.get(p)) for p in periods],
            _points(result.base),
            _points(result.bonus),
            _points(result.deduction),
            _points(result.total),
            result.grade,
            result.exclusion,
        ]
        _body_row(summary, row, values, widths, lambda column: column not in (3, len(widths)))
        row += 1
    sheets.set_widths(summary, widths)
    print_title = results_title(results) + ("（试算）" if results.warning else "")
    sheets.print_setup(summary, title=print_title, header_rows=f"{header_row}:{header_row}")
    detail = workbook.create_sheet("得分明细")
    header = ["被考核对象", "期间", "期间权重", "考核项目", "权重", "来源数据", "得分"]
    widths = [24, 10, 9, 14, 7, 40, 9]
    for column, text in enumerate(header, start=1):
        sheets.header_cell(detail, 1, column, text)
    row = 2
    for result in [*results.units, *results.organizations]:
        if result.exclusion:
            values = [result.name, "", "", NOT_RANKED, "", result.exclusion, ""]
            _body_row(detail, row, values, widths, lambda column: column == 7)
            row += 1
        for period in () if result.exclusion else result.periods:
            for item in period.items:
                values = [
                    result.name,
                    period.label,
                    f"{period.weight}%",
                    item.label,
                    str(item.weight),
                    item.source,
                    _points(item.points) or "不适用",
                ]
                _body_row(detail, row, values, widths, lambda column: column in (3, 5, 7))
                row += 1
        for adjustment in result.adjustments:
            values = [result.name, "", "", "加扣分", "", adjustment.reason, _adjustment_points(adjustment)]
            _body_row(detail, row, values, widths, lambda column: column == 7)
            row += 1
    sheets.set_widths(detail, widths)
    sheets.print_setup(detail, title="得分明细" + ("（试算）" if results.warning else ""), header_rows="1:1")
    return sheets.workbook_bytes(workbook)


def results_docx(results: Results, *, issuer: str, issued_on: dt.date) -> bytes:
    """考核通报: masthead, title, the scheme in a sentence, the ranking table, each grade named, signature."""
    document = docx.Document()
    page.page_setup(document)
    day = date_text(issued_on)
    title = f"关于《{results.plan.title}》考核结果的通报"
    page.core_properties(document, organization=issuer, title_text=title, created=dt.datetime.now(dt.UTC))
    page.masthead(document, name=f"{issuer}督查通报", byline=(issuer, day))
    layout.title(document, title)
    if results.warning:
        layout.paragraph(document, results.warning, bold=True)
    scheme = results.scheme
    items = "、".join(f"{ITEM_LABELS.get(i.kind, i.kind)}（{i.weight}分）" for i in scheme.items)
    periods = "、".join(f"{p.label}（{p.weight}%）" for p in results.periods) or "尚无已开始的考核期间"
    assessed = "各牵头单位和承接任务的下级组织" if results.organizations else "各牵头单位"
    layout.paragraph(
        document,
        f"根据考核细则，对《{results.plan.title}》{assessed}截至{date_text(results.as_of)}的任务落实情况进行了考核。"
        f"考核项目为{items}，按{periods}加权计算基础分，再计加分、扣分；有一票否决情形的不参加排名。"
        "现将考核结果通报如下。",
    )
    numbers = iter("一二三四五六七八九")
    layout.heading(document, f"{next(numbers)}、考核排名")
    header = ["名次", "单位", "基础分", "加分", "扣分", "总分", "等次"]
    widths = [26, 44, 20, 14, 14, 18, 20]
    layout.table(document, header, [_ranking_row(r) for r in results.units], widths)
    if results.organizations:
        layout.heading(document, f"{next(numbers)}、下级组织考核排名")
        org_rows = [_ranking_row(r) for r in results.organizations]
        layout.table(document, ["名次", "组织", *header[2:]], org_rows, widths)
        for r in results.organizations:
            if r.exclusion:
                layout.paragraph(document, f"{r.name}：{r.exclusion}。")
    entries = [
        [r.name, a.reason, _adjustment_points(a)]
        for r in [*results.units, *results.organizations]
        for a in r.adjustments
    ]
    if entries:
        layout.heading(document, f"{next(numbers)}、加分、扣分和一票否决")
        layout.table(document, ["被考核对象", "事由及依据", "分值"], entries, [40, 94, 22])
    layout.heading(document, f"{next(numbers)}、等次情况")
    for prefix, subjects in (("", results.units), ("下级组织", results.organizations)):
        for grade in scheme.grades:
            named = [r.name for r in subjects if r.grade == grade.label and not r.veto]
            if named:
                layout.paragraph(document, f"{prefix}{grade.label}（{len(named)}个）：{'、'.join(named)}。")
        vetoed = [r.name for r in subjects if r.veto]
        if vetoed:
            layout.paragraph(document, f"{prefix}一票否决：{'、'.join(vetoed)}。")
    layout.heading(document, f"{next(numbers)}、有关要求")
    layout.paragraph(
        document,
        "各单位要对照考核结果和得分明细，查找差距、抓好整改；得分明细见考核结果表，"
        "对考核结果有异议的，请于通报印发之日起5个工作日内向督查室提出。",
    )
    layout.signature(document, issuer=issuer, issued_on=day)
    page.colophon(document, cc="", printer=issuer, printed_on=day)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def assessment_export(results: Results, *, fmt: str, today: dt.date) -> ExportFile:
    """The download of one format: 考核结果 (xlsx) or 考核通报 (docx)."""
    plan = results.plan
    stem = plan.title[:60]
    if fmt == "xlsx":
        return ExportFile(f"{stem}-考核结果-{today:%Y%m%d}.xlsx", XLSX, results_xlsx(results))
    issuer = plan.issuer or plan.organization.name
    content = results_docx(results, issuer=issuer, issued_on=today)
    return ExportFile(f"{stem}-考核通报-{today:%Y%m%d}.docx", DOCX, content)
