"""Excel .xlsx ledgers: a sheet per section or one sheet, merged cells filled, numbers as written."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from typing import Any

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.registry import register
from duban.ingest.safety import GridBudget, iter_xml, open_zip, read_member

KIND = "Excel "
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _MERGE = f"{_NS}row", f"{_NS}c", f"{_NS}mergeCell"
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_NUMBER = re.compile(r"[0-9]{1,7}")


@register("xlsx")
def read_xlsx(content: bytes) -> Document:
    """Read every visible sheet of a workbook as a table, its name first when it names a section."""
    _check_grid(open_zip(content, KIND))
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files; all mean the same here
        raise UnreadableDocument("Excel 文件已损坏或格式不受支持，无法读取") from exc
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        blocks.append(Paragraph(sheet.title.strip()))
        blocks.append(Table(rows=_sheet_rows(sheet)))
    return Document(blocks=blocks, source_format="xlsx")


def _check_grid(archive: zipfile.ZipFile) -> None:
    """Refuse sheets spanning more cells than any plan, before openpyxl lays out every one of them.

    openpyxl fills the rectangle up to the farthest cell and creates a cell for every position a
    merged range covers, so one cell at XFD500 or one merge over a whole sheet costs gigabytes.
    """
    from openpyxl.utils.cell import column_index_from_string, range_boundaries

    budget = GridBudget(KIND)
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        rows = columns = cells = merged = row_number = column = 0
        for element in iter_xml(read_member(archive, name, KIND), (_ROW, _CELL, _MERGE), KIND):
            if element.tag == _CELL:
                cells += 1
                match = _REFERENCE.fullmatch(element.get("r") or "")
                # A cell without a reference stands next to the previous one, as openpyxl places it.
                column = column_index_from_string(match.group(1).upper()) if match else column + 1
                columns = max(columns, column)
                rows = max(rows, int(match.group(2)) if match else row_number + 1)
            elif element.tag == _ROW:
                number = element.get("r") or ""
                row_number = int(number) if _ROW_NUMBER.fullmatch(number) else row_number + 1
                rows, column = max(rows, row_number), 0
                element.clear()
            else:
                try:
                    first_column, first_row, last_column, last_row = range_boundaries(
                        element.get("ref") or ""
                    )
                except (ValueError, TypeError):
                    continue  # openpyxl refuses the damaged range itself
                area = ((last_row or first_row or 1) - (first_row or 1) + 1) * (
                    (last_column or first_column or 1) - (first_column or 1) + 1
                )
                merged += area
                rows, columns = max(rows, last_row or 0), max(columns, last_column or 0)
        budget.spend(max(rows * columns, cells) + merged)


def _sheet_rows(sheet: Any) -> list[list[str]]:
    values = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    # A merged range keeps its value in the top-left cell only; it belongs to every cell it covers.
    for merged in sheet.merged_cells.ranges:
        top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(values) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(values))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(values[r]))):
                values[r][c] = top
    return [row for row in values if any(cell.strip() for cell in row)]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("_x000D_", "")
