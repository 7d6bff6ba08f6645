"""A table flattened to one cell per line, as copied from a web page, read back into rows."""

from __future__ import annotations

import re

from duban.ingest.columns import Column, classify, recognise_header
from duban.ingest.document import Block, Paragraph, Table

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*\S")
_BARE_NO = re.compile(r"^(\d{1,4})[.、．]?$")
_FUSED_NO = re.compile(r"^(\d{1,4})\s*[.．、](?!\d)\s*\S")
_SENTENCE = re.compile(r"[。，；;,！？]")
_MAX_COLUMNS = 30
_TRAILER = re.compile(r"^(?:抄送|印发|附件|【?打印|【?关闭|\[image)")


def flattened(text_lines: list[str]) -> list[Block]:
    """A table copied from a web page: one cell per line, a trailing " |" and blank lines allowed.

    The header is a run of short lines naming known columns; a row starts at a line holding only its
    number (or, without a number column, at a numbered title such as 12.推进…). When cells are
    separated by blank lines, a cell is a run of lines.
    """
    numbered = [(i, line.strip().strip("|").strip()) for i, line in enumerate(text_lines)]
    lines = [(i, line) for i, line in numbered if line]
    found = _find_header([line for _, line in lines])
    if found is None:
        return []
    start, end = found
    if lines[end - 1][0] - lines[start][0] != end - 1 - start:
        # Blank lines between the header's cells: every cell is a run of lines up to a blank one.
        groups: list[list[str]] = [[]]
        for _, line in numbered:
            if line:
                groups[-1].append(line)
            elif groups[-1]:
                groups.append([])
        units = ["\n".join(group) for group in groups if group]
        found = _find_header(units)
        if found is None:
            return []
        start, end = found
    else:
        units = [line for _, line in lines]
    header = units[start:end]
    return [*(Paragraph(u) for u in units[:start]), *_flattened_rows(header, units[end:])]


def _find_header(units: list[str]) -> tuple[int, int] | None:
    # Where the run of header-like lines that holds each line ends, found in one pass from the end.
    run_end = [0] * (len(units) + 1)
    run_end[len(units)] = len(units)
    for index in range(len(units) - 1, -1, -1):
        run_end[index] = run_end[index + 1] if header_like(units[index]) else index
    for start, unit in enumerate(units):
        end = run_end[start]
        # A header is a short run of a few columns, followed by the first row.
        if not 2 <= end - start <= _MAX_COLUMNS or end == len(units) or classify(unit) is None:
            continue
        if (
            _BARE_NO.match(units[end]) or _FUSED_NO.match(units[end]) or _SECTION.match(units[end])
        ) and recognise_header(units[start:end]) is not None:
            return start, end
    return None


def header_like(unit: str) -> bool:
    """A short line that can be a header cell: no number, no heading, no sentence."""
    key = "".join(unit.split())
    return 0 < len(key) <= 12 and not (
        _BARE_NO.match(key) or _FUSED_NO.match(key) or _SECTION.match(key) or _SENTENCE.search(key)
    )


def _flattened_rows(header: list[str], units: list[str]) -> list[Block]:
    width = len(header)
    numbered_column = classify(header[0]) is Column.NO
    table = Table(rows=[header], flattened=True)
    after: list[Block] = []
    row: list[str] | None = None
    last_no: int | None = None
    inner = 0
    for index, unit in enumerate(units):
        if _TRAILER.match(unit):
            after = [Paragraph(u) for u in units[index:]]
            break
        if _SECTION.match(unit) and len(unit) <= 60 and (row is None or len(row) >= 2):
            table.rows.append([unit])
            row, last_no = None, None
            continue
        # A number column's cell is a bare number or a number run into the title (12.推进…).
        bare = _BARE_NO.match(unit) if numbered_column else None
        fused = _FUSED_NO.match(unit)
        no = int(bare.group(1)) if bare else int(fused.group(1)) if fused else None
        ascending = no is not None and (last_no is None or no > last_no)
        # A numbered line inside a cell (1.已完成… in a progress column) starts no row: a numbered
        # title does only once the row before is (nearly) whole, and numbers go up.
        if no is not None and (
            row is None
            or (bare and (len(row) >= width or (len(row) >= 2 and ascending)))
            or (not bare and len(row) >= width - 1 and ascending and no != inner + 1)
        ):
            row = [unit]
            table.rows.append(row)
            last_no, inner = no, 0
        elif row is not None:
            row.append(unit)
            # Numbered lines inside the row's cells count on from each other (1. 2. 3.).
            inner = no if no is not None else inner
        else:
            table.rows.append([unit])
    for row_cells in table.rows[1:]:
        if len(row_cells) > width:
            # Lines beyond the header's width belong to the row's last cell (a wrapped unit list).
            row_cells[width - 1 :] = ["\n".join(row_cells[width - 1 :])]
    last = table.rows[-1]
    if len(table.rows) > 1 and "\n" in last[-1] and not after:
        # The last row's overflow is the page's footer (打印本页, 关闭窗口), not its last cell.
        cell, *rest = last[-1].split("\n")
        last[-1] = cell
        after = [Paragraph(line) for line in rest]
    return [table, *after]
