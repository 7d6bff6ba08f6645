"""Excel .xlsx ledgers: a sheet per section or one sheet, merged cells filled, numbers as written."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from typing import Any

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.registry import register
from duban.ingest.safety import open_zip

KIND = "Excel "


@register("xlsx")
def read_xlsx(content: bytes) -> Document:
    """Read every visible sheet of a workbook as a table, its name first when it names a section."""
    open_zip(content, KIND)
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
