"""Plain text: text exported from Word (a table cell per tab-led line) and tab-separated rows."""

from __future__ import annotations

import re

from duban.ingest.columns import Column, classify, recognise_header
from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.registry import register
from duban.ingest.text import normalise

# Lines that can never continue a table cell: a section heading, an attachment or a distribution line.
_TABLE_BREAK = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|附件|抄送|\[image)")


_PIPE_ROW = re.compile(r"^\s*\|?[^|]*\|[^|]*\|")
_RULE_ROW = re.compile(r"^[\s|:：\-—=+]+$")


def _row_cells(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated line; None for a ruler line such as |---|---|."""
    if "\t" in line.strip():
        return [c.strip() for c in line.split("\t")]
    if _RULE_ROW.match(line):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def decode(content: bytes) -> str:
    """Decode text that came as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if not content.strip():
        raise UnreadableDocument("文件是空的")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("文件声明为 UTF-16 编码，但内容已损坏") from exc
    if b"\x00" in content[:4096]:
        raise UnreadableDocument("文件不是文本，也不是可识别的文档格式")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableDocument("无法识别文件的文字编码（支持 UTF-8、GBK/GB18030）")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= len(text[:20000]) * 0.01


@register("txt")
def read_txt(content: bytes) -> Document:
    """Read plain text into paragraphs and tables."""
    text = normalise(decode(content))
    blocks = text_to_blocks(text)
    if not any(isinstance(block, Table) for block in blocks):
        blocks = _cell_per_line(text) or _flattened(text) or blocks
    return Document(blocks=blocks, source_format="txt")


def text_to_blocks(text: str) -> list[Block]:
    """Split text into paragraphs and tables.

    Word exports a table as one tab-led line per cell, a blank line before each new row, and a
    cell's own extra paragraphs as untabbed lines that follow it; a line with tabs inside is a row
    of its own.
    """
    blocks: list[Block] = []
    table: Table | None = None
    blank_run = 0
    for raw in text.split("\n"):
        line = raw.rstrip(" \u3000")
        if line.startswith("\t"):
            cells = [c.strip() for c in line.split("\t")[1:]]
            if table is None:
                table = Table()
                blocks.append(table)
            if blank_run or not table.rows:
                table.rows.append(cells)
            else:
                table.rows[-1].extend(cells)
        elif not line.strip():
            blank_run += 1
            continue
        elif "\t" in line.strip() or _PIPE_ROW.match(line):
            row = _row_cells(line)
            if row is None:
                continue
            if table is None:
                table = Table()
                blocks.append(table)
            table.rows.append(row)
        elif table is not None and table.rows and blank_run < 2 and not _TABLE_BREAK.match(line):
            row = table.rows[-1]
            row[-1] = f"{row[-1]}\n{line.strip()}" if row[-1] else line.strip()
        else:
            table = None
            blocks.append(Paragraph(line.strip()))
        blank_run = 0
    return blocks


def _cell_per_line(text: str) -> list[Block]:
    """Text with one cell per line and a blank line between rows, found by its header group."""
    groups = [
        [line.strip() for line in group.split("\n") if line.strip()] for group in re.split(r"\n\s*\n", text)
    ]
    groups = [group for group in groups if group]
    start = next(
        (i for i, g in enumerate(groups) if recognise_header(g) and all(_header_like(c) for c in g)), None
    )
    if start is None:
        return []
    width = len(groups[start])
    blocks: list[Block] = [Paragraph(line) for group in groups[:start] for line in group]
    table = Table(rows=[groups[start]])
    blocks.append(table)
    for group in groups[start + 1 :]:
        if len(group) == 1 and (_TABLE_BREAK.match(group[0]) or not re.match(r"^\d", group[0])):
            table = Table()
            blocks.extend([Paragraph(group[0]), table])
        elif len(group) > 1:
            # Lines beyond the header's width belong to the row's last cell (a wrapped unit list).
            table.rows.append([*group[: width - 1], "\n".join(group[width - 1 :])])
        else:
            blocks.append(Paragraph(group[0]))
    return blocks


_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*\S")
_BARE_NO = re.compile(r"^\d{1,4}$")
_FUSED_NO = re.compile(r"^(\d{1,4})\s*[.．、](?!\d)\s*\S")
_SENTENCE = re.compile(r"[。，；;,！？]")
_TRAILER = re.compile(r"^(?:抄送|印发|附件|【?打印|【?关闭|\[image)")


def _flattened(text: str) -> list[Block]:
    """A table copied from a web page: one cell per line, a trailing " |" and blank lines allowed.

    The header is a run of short lines naming known columns; a row starts at a line holding only its
    number (or, without a number column, at a numbered title such as 12.推进…). When cells are
    separated by blank lines, a cell is a run of lines.
    """
    numbered = [(i, line.strip().strip("|").strip()) for i, line in enumerate(text.split("\n"))]
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
    for start, unit in enumerate(units):
        if classify(unit) is None:
            continue
        end = start
        while end < len(units) and _header_like(units[end]):
            end += 1
        if (
            end - start >= 2
            and end < len(units)
            and (_BARE_NO.match(units[end]) or _FUSED_NO.match(units[end]) or _SECTION.match(units[end]))
            and recognise_header(units[start:end]) is not None
        ):
            return start, end
    return None


def _header_like(unit: str) -> bool:
    key = "".join(unit.split())
    return 0 < len(key) <= 12 and not (
        _BARE_NO.match(key) or _FUSED_NO.match(key) or _SECTION.match(key) or _SENTENCE.search(key)
    )


def _flattened_rows(header: list[str], units: list[str]) -> list[Block]:
    width = len(header)
    numbered_column = classify(header[0]) is Column.NO
    table = Table(rows=[header])
    after: list[Block] = []
    row: list[str] | None = None
    last_no: int | None = None
    for index, unit in enumerate(units):
        if _TRAILER.match(unit):
            after = [Paragraph(u) for u in units[index:]]
            break
        if _SECTION.match(unit) and len(unit) <= 60 and (row is None or len(row) >= 2):
            table.rows.append([unit])
            row, last_no = None, None
            continue
        match = (_BARE_NO if numbered_column else _FUSED_NO).match(unit)
        no = int(match.group(1) if match.groups() else match.group(0)) if match else None
        if no is not None and (
            row is None or len(row) >= width or (len(row) >= 2 and (last_no is None or no > last_no))
        ):
            row = [unit]
            table.rows.append(row)
            last_no = no
        elif row is not None:
            row.append(unit)
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
