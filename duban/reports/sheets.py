"""What the ledger and the matrix share: cell styles, A4 landscape print setup, safe sheet names."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | Decimal | dt.date | None

FONT_NAME = "宋体"
BODY_FONT = Font(name=FONT_NAME, size=10)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LIGHT_FILLS: dict[str, PatternFill] = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "yellow": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
}
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NO_BORDER = Border()
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")

# A text cell starting with one of these is a formula (or becomes one when edited) in Excel, WPS and Calc.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel refuses these in sheet names, and names longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def print_setup(sheet: Worksheet, *, title: str, header_rows: str | None = None) -> None:
    """A4 landscape, fitted to one page wide, page numbers in the footer, header rows repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    # The print header and footer sit in the top and bottom margins: leave them room to print whole.
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # openpyxl creates both with the sheet
    # "&" starts a control code in print headers (&P, &D, &"font"): a title's own "&" is doubled.
    header.center.text = title.replace("&", "&&")
    footer.center.text = "第 &P 页，共 &N 页"
    if header_rows:
        sheet.print_title_rows = header_rows


def set_widths(sheet: Worksheet, widths: list[float]) -> None:
    """Column widths in Excel's character units, from column A on."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def title_row(sheet: Worksheet, row: int, text: str, columns: int) -> None:
    """A title merged across the sheet's columns."""
    cell = text_cell(sheet, row, 1, text)
    cell.font = TITLE_FONT
    cell.alignment = CENTER
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = 28


def header_cell(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """A bold, shaded, bordered header cell."""
    cell = text_cell(sheet, row, column, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = CENTER


def body_cell(sheet: Worksheet, row: int, column: int, value: CellValue, *, centered: bool = False) -> None:
    """A bordered body cell with wrapped text."""
    cell = text_cell(sheet, row, column, value)
    cell.font = BODY_FONT
    cell.border = BORDER
    cell.alignment = CENTER if centered else WRAP


def text_cell(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write a value; text stays text, so a task or report starting with "=" never runs as a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # openpyxl turns any string starting with "=" into a formula; the type is set back to a string,
        # and the quote prefix keeps Excel from re-reading it as one when the cell is edited.
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


LINE_HEIGHT = 13.5  # points per line of 10-point text
CELL_PADDING = 4.0


def text_lines(value: CellValue, width: float) -> int:
    """How many lines a value wraps to in a column `width` characters wide (Chinese characters count two)."""
    if value is None or value == "":
        return 1
    per_line = max(width - 1, 1)  # Excel's width leaves about one character for the cell margins
    return sum(
        max(1, math.ceil(sum(2 if ord(ch) > 0x2000 else 1 for ch in line) / per_line))
        for line in str(value).split("\n")
    )


def fit_height(sheet: Worksheet, row: int, cells: list[tuple[CellValue, float]]) -> None:
    """Set a row's height to its tallest wrapped cell: LibreOffice and WPS do not grow rows on opening."""
    lines = max((text_lines(value, width) for value, width in cells), default=1)
    sheet.row_dimensions[row].height = lines * LINE_HEIGHT + CELL_PADDING


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts, unique in the workbook."""
    name = _SHEET_FORBIDDEN.sub("_", wanted).strip("'") or "Sheet"
    name = name[:SHEET_NAME_MAX]
    candidate, counter = name, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({counter})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)] + suffix
        counter += 1
    taken.add(candidate)
    return candidate


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
