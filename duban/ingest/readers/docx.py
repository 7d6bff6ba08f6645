"""Word .docx, read from its XML with lxml.

python-docx drops text inside tracked insertions, smart tags and content controls, and its cell access
is quadratic on merged tables, so the body is walked directly: paragraphs and tables in order, grid
spans repeated across their columns, vertical merges filled down, automatic numbering written out.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.registry import register
from duban.ingest.safety import open_zip, parse_xml, read_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _T, _SDT = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "t", "sdt"))
_TEXT_TAGS = {f"{{{W}}}t": None, f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n"}
_SKIP = {f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}instrText", f"{{{W}}}delText"}
_VAL = f"{{{W}}}val"
_TC_PR, _GRID_SPAN, _V_MERGE = f"{{{W}}}tcPr", f"{{{W}}}gridSpan", f"{{{W}}}vMerge"
_P_PR, _NUM_PR = f"{{{W}}}pPr", f"{{{W}}}numPr"

KIND = "Word "


@register("docx")
def read_docx(content: bytes) -> Document:
    """Read a .docx into paragraphs and tables."""
    archive = open_zip(content, KIND)
    data = read_member(archive, "word/document.xml", KIND)
    root = parse_xml(data, KIND)
    # Text moved away (w:moveFrom) keeps its w:t: only then is the slow, careful walk needed.
    if b"numPr" not in data:
        # No automatic numbering to write out: libxslt flattens the body, far quicker than a Python walk.
        return Document(blocks=_flat_blocks(root), source_format="docx")
    numbering = _Numbering.load(archive, fast_text=b"moveFrom" not in data)
    body = root.find(f"{{{W}}}body")
    blocks: list[Block] = []
    if body is not None:
        _walk(body, blocks, numbering)
    return Document(blocks=blocks, source_format="docx")


@cache
def _flattener() -> etree.XSLT:
    stylesheet = etree.parse(str(Path(__file__).with_name("docx_flat.xsl")))
    # The stylesheet reads nothing but its input: every file and network access is denied to it.
    deny = etree.XSLTAccessControl.DENY_ALL  # type: ignore[attr-defined]  # lxml-stubs 0.5 lacks it
    return etree.XSLT(stylesheet, access_control=deny)


def _flat_blocks(root: etree._Element) -> list[Block]:
    """Blocks from the stylesheet's flat text (see docx_flat.xsl for its separators)."""
    blocks: list[Block] = []
    for chunk in str(_flattener()(root)).split("\ufdd0"):
        kind, body = chunk[:1], chunk[1:].rstrip("\ufdd4")
        if kind == "P" and body.strip():
            blocks.append(Paragraph(body.strip()))
        elif kind == "T":
            blocks.append(Table(rows=_flat_rows(body)))
    return blocks


def _flat_rows(body: str) -> list[list[str]]:
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for flat_row in body.split("\ufdd1")[1:]:
        grid_before, *cells = flat_row.split("\ufdd2")
        column = int(grid_before) if grid_before.isdigit() else 0
        row = [""] * column
        for cell in cells:
            span_text, merge, text = cell.split("\ufdd3", 2)
            span = max(1, int(span_text)) if span_text.isdigit() else 1
            if merge == "c":
                text = above.get(column, "")
            else:
                text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
            for offset in range(span):
                row.append(text)
                above[column + offset] = text
            column += span
        rows.append(row)
    return rows


def _walk(parent: etree._Element, blocks: list[Block], numbering: _Numbering) -> None:
    for child in parent:
        if child.tag == _P:
            text = numbering.label(child) + _paragraph_text(child, numbering.fast_text)
            if text.strip():
                blocks.append(Paragraph(text.strip()))
        elif child.tag == _TBL:
            blocks.append(Table(rows=_table_rows(child, numbering)))
        elif child.tag in _SKIP:
            continue
        else:
            # Content controls, custom XML and tracked insertions wrap whole paragraphs and tables.
            _walk(child, blocks, numbering)


def _paragraph_text(paragraph: etree._Element, fast: bool) -> str:
    if fast:
        # Done in C: every w:t in order; deleted text is w:delText, never w:t, so none slips in.
        return "".join(str(text) for text in paragraph.itertext(_T))
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or tag == _TBL:
            continue
        if tag in _TEXT_TAGS:
            parts.append(child.text or "" if _TEXT_TAGS[tag] is None else _TEXT_TAGS[tag] or "")
        else:
            _collect_text(child, parts)


def _table_rows(table: etree._Element, numbering: _Numbering) -> list[list[str]]:
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in _rows(table):
        row: list[str] = []
        column = _grid_before(tr)
        row.extend([""] * column)
        for tc in tr.findall(_TC) + [tc for sdt in tr.findall(_SDT) for tc in sdt.iter(_TC)]:
            span, merge = _cell_props(tc)
            text = above.get(column, "") if merge == "continue" else _cell_text(tc, numbering)
            for offset in range(span):
                row.append(text)
                above[column + offset] = text
            column += span
        rows.append(row)
    return rows


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, also those wrapped in a content control, not those of nested tables."""
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == _TR:
            rows.append(child)
        elif child.tag != _TBL and len(child):
            rows.extend(tr for tr in child.iter(_TR) if _nearest_table(tr) is table)
    return rows


def _nearest_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _grid_before(tr: etree._Element) -> int:
    node = tr.find(f"{{{W}}}trPr/{{{W}}}gridBefore")
    return int(node.get(_VAL, "0")) if node is not None else 0


def _cell_props(tc: etree._Element) -> tuple[int, str | None]:
    # Direct child access: ElementPath's find() costs more than the rest of the cell together.
    props = tc[0] if len(tc) and tc[0].tag == _TC_PR else None
    span, merge = 1, None
    for node in props if props is not None else ():
        if node.tag == _GRID_SPAN:
            span = int(node.get(_VAL, "1") or 1)
        elif node.tag == _V_MERGE:
            # A bare <w:vMerge/> continues the cell above; only val="restart" starts a new one.
            merge = "restart" if node.get(_VAL) == "restart" else "continue"
    return max(1, span), merge


def _cell_text(tc: etree._Element, numbering: _Numbering) -> str:
    lines = []
    for paragraph in tc.iter(_P):
        text = numbering.label(paragraph) + _paragraph_text(paragraph, numbering.fast_text)
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Automatic list numbering: what Word draws before a numbered paragraph but does not store."""

    fast_text: bool = True
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, archive: zipfile.ZipFile, *, fast_text: bool) -> _Numbering:
        """The numbering definitions of the document, if it has any."""
        if "word/numbering.xml" not in archive.namelist():
            return cls(fast_text=fast_text)
        root = parse_xml(read_member(archive, "word/numbering.xml", KIND), KIND)
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(f"{{{W}}}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{{{W}}}lvl"):
                fmt = lvl.find(f"{{{W}}}numFmt")
                text = lvl.find(f"{{{W}}}lvlText")
                start = lvl.find(f"{{{W}}}start")
                levels[int(lvl.get(f"{{{W}}}ilvl", "0"))] = _Level(
                    fmt=fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                    text=text.get(_VAL, "") if text is not None else "",
                    start=int(start.get(_VAL, "1")) if start is not None else 1,
                )
            abstract[node.get(f"{{{W}}}abstractNumId", "")] = levels
        numbering = cls(fast_text=fast_text)
        for num in root.findall(f"{{{W}}}num"):
            ref = num.find(f"{{{W}}}abstractNumId")
            if ref is not None:
                numbering.levels[num.get(f"{{{W}}}numId", "")] = abstract.get(ref.get(_VAL, ""), {})
        return numbering

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows before this paragraph, or "" when it has none."""
        if not self.levels or not len(paragraph) or paragraph[0].tag != _P_PR:
            return ""
        props = paragraph[0].find(_NUM_PR)
        if props is None:
            return ""
        num = props.find(f"{{{W}}}numId")
        ilvl_node = props.find(f"{{{W}}}ilvl")
        num_id = num.get(_VAL, "") if num is not None else ""
        ilvl = int(ilvl_node.get(_VAL, "0")) if ilvl_node is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = levels[ilvl].text
        for index in range(ilvl + 1):
            level = levels.get(index)
            if level is None:
                continue
            value = level.start - 1 + max(counters[index], 1)
            text = text.replace(f"%{index + 1}", _format(value, level.fmt))
        return text if levels[ilvl].fmt != "bullet" else ""


_CN = "零一二三四五六七八九"


def _format(value: int, fmt: str) -> str:
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "japaneseCounting",
        "taiwaneseCounting",
        "chineseLegalSimplified",
    }:
        return _chinese(value)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else str(value)
    if fmt == "ideographDigital":
        return "".join(_CN[int(d)] for d in str(value))
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def _chinese(value: int) -> str:
    if value < 10:
        return _CN[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(value)
