"""Plain text: text exported from Word (a table cell per tab-led line) and tab-separated rows."""

from __future__ import annotations

import re

from duban.ingest.columns import recognise_header
from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.flat import flattened, header_like
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
        blocks = _cell_per_line(text) or flattened(text.split("\n")) or blocks
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
        (i for i, g in enumerate(groups) if recognise_header(g) and all(header_like(c) for c in g)), None
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
