"""Word .docx, read from its XML with lxml.

python-docx drops text inside tracked insertions, smart tags and content controls, and its cell access
is quadratic on merged tables, so the body is read in one pass over the few elements that matter:
paragraphs and tables in order, grid spans repeated across their columns, vertical merges filled down,
automatic numbering written out. lxml picks those elements out in C; Python places each one by its
parent, which is almost always the paragraph, cell, row or table already open.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.registry import register
from duban.ingest.safety import GridBudget, open_zip, parse_xml, read_member
from duban.ingest.text import lines_of, tidy_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_P, _TBL, _TR, _TC, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
_BREAKS = {_w("br"): "\n", _w("cr"): "\n", _w("tab"): "\t"}
_GRID_BEFORE, _GRID_SPAN, _V_MERGE, _NUM_PR = _w("gridBefore"), _w("gridSpan"), _w("vMerge"), _w("numPr")
_VAL = _w("val")
# Deleted text is w:delText and field codes w:instrText, never w:t, so neither is among these.
_TAGS = (_P, _TBL, _TR, _TC, _T, *_BREAKS, _GRID_BEFORE, _GRID_SPAN, _V_MERGE, _NUM_PR)

KIND = "Word "


@register("docx")
def read_docx(content: bytes) -> Document:
    """Read a .docx into paragraphs and tables."""
    archive = open_zip(content, KIND)
    root = parse_xml(read_member(archive, "word/document.xml", KIND), KIND)
    body = root.find(_w("body"))
    if body is None:
        return Document(blocks=[], source_format="docx")
    # Text moved away is read once, where it now stands (w:moveTo); a text box stored twice, for newer
    # and older Word (mc:Choice, mc:Fallback), once. Free when absent: lxml looks the names up first.
    etree.strip_elements(body, _w("moveFrom"), _MC_FALLBACK, with_tail=False)
    reader = _BodyReader(body, _Numbering.load(archive))
    reader.read()
    return Document(blocks=reader.blocks, source_format="docx")


class _BodyReader:
    """Blocks from the body's paragraphs and tables; a table nested in a cell adds lines to that cell.

    Only starts are seen, so an open paragraph, cell, row or table is closed when the next element
    shows it has ended. Text gathers in `parts`: a body paragraph's, or a whole cell's with a line
    feed before each of its paragraphs after the first.
    """

    def __init__(self, body: etree._Element, numbering: _Numbering) -> None:
        self.body = body
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.table: etree._Element | None = None
        self.rows: list[list[str]] = []
        self.row: etree._Element | None = None
        self.cells: list[str] = []
        self.cell: etree._Element | None = None
        self.span = 1
        self.continues = False
        self.opening = False  # a cell has opened and none of its paragraphs has been seen yet
        self.parts: list[str] = []
        self.budget = GridBudget(KIND)

    def read(self) -> None:
        """Walk the body once, collecting blocks."""
        # The loop runs for every paragraph, run text, cell and row: names are bound locally, and
        # `parts` is cleared, never replaced, so its bound append stays valid.
        text_tag, paragraph_tag, cell_tag, breaks = _T, _P, _TC, _BREAKS
        add = self.parts.append
        for element in self.body.iter(_TAGS):
            tag = element.tag
            if tag == text_tag:
                add(element.text or "")
            elif tag == paragraph_tag:
                cell = self.cell
                if self.opening:
                    # The first paragraph after a cell opens lies inside it: a cell holds at least one.
                    self.opening = False
                elif cell is not None and element.getparent() is cell:
                    add("\n")
                else:
                    self._place_paragraph(element)
            elif tag == cell_tag:
                if (element.getparent() is self.row and self.row is not None) or (
                    # A cell inside a content control still belongs to its row; one of a nested table not.
                    self.row is not None and self._inside(element, self.row, stop=_TR)
                ):
                    if self.cell is not None:
                        self._close_cell()
                    self.cell, self.span, self.continues, self.opening = element, 1, False, True
            elif tag == _TR:
                if self.table is not None and (
                    element.getparent() is self.table or self._inside(element, self.table, stop=_TBL)
                ):
                    self._close_row()
                    self.row = element
            elif tag == _TBL:
                if self._container(element) is self.body:
                    self._close_block()
                    self.table = element
            elif tag in breaks:
                add(breaks[tag])
            else:
                self._property(tag, element)
        self._close_block()

    def _place_paragraph(self, element: etree._Element) -> None:
        container = self._container(element)
        if container is None:
            # A paragraph of a text box reads as part of the paragraph that holds the box.
            return
        if container is self.body:
            self._close_block()
        else:
            self.parts.append("\n")

    def _container(self, element: etree._Element) -> etree._Element | None:
        """The open cell holding `element`, else the body; None inside another paragraph."""
        for ancestor in element.iterancestors():
            if ancestor is self.cell or ancestor is self.body:
                return ancestor
            if ancestor.tag == _P:
                return None
        return self.body

    def _inside(self, element: etree._Element, owner: etree._Element, *, stop: str) -> bool:
        """Whether `owner` is the nearest ancestor of `element` tagged `stop` (no nested table between)."""
        for ancestor in element.iterancestors(stop):
            return ancestor is owner
        return False

    def _property(self, tag: str, element: etree._Element) -> None:
        # Each property counts only where it belongs: old values kept by tracked changes
        # (w:tcPrChange, w:pPrChange) and properties of nested tables do not.
        props = element.getparent()
        owner = props.getparent() if props is not None else None
        if owner is None:
            return
        if tag == _NUM_PR:
            # w:p/w:pPr/w:numPr; under w:pPrChange it is the numbering before a tracked change.
            if owner.tag == _P:
                self.parts.append(self.numbering.label(element))
        elif tag == _GRID_BEFORE:
            if owner is self.row and self.cell is None and not self.cells:
                before = _int(element.get(_VAL), 0)
                self.budget.spend(before)
                self.cells.extend([""] * before)
        elif owner is self.cell:
            if tag == _GRID_SPAN:
                self.span = max(1, _int(element.get(_VAL), 1))
            elif tag == _V_MERGE:
                # A bare <w:vMerge/> continues the cell above; only val="restart" starts a new one.
                self.continues = element.get(_VAL) != "restart"

    def _close_block(self) -> None:
        """Close the open table, or the open body paragraph."""
        if self.table is not None:
            self._close_row()
            self.blocks.append(Table(rows=self.rows))
            self.table, self.rows = None, []
        else:
            self._close_paragraph()

    def _close_paragraph(self) -> None:
        text = "".join(self.parts)
        self.parts.clear()
        # A line break inside a body paragraph reads as two lines, as in a web page or a text file.
        self.blocks.extend(Paragraph(line) for line in lines_of(text))

    def _close_cell(self) -> None:
        if self.cell is None:
            return
        cells = self.cells
        self.budget.spend(self.span)
        # A continued vertical merge repeats the cell above; its own (empty) paragraphs say nothing.
        text = self._above(len(cells)) if self.continues else tidy_lines("".join(self.parts))
        cells.append(text)
        if self.span > 1:
            cells.extend([text] * (self.span - 1))
        self.cell, self.opening = None, False
        self.parts.clear()

    def _above(self, column: int) -> str:
        """The text of the nearest cell above in `column`, which a vertical merge continues."""
        for row in reversed(self.rows):
            if column < len(row):
                return row[column]
        return ""

    def _close_row(self) -> None:
        self._close_cell()
        if self.row is not None:
            self.rows.append(self.cells)
            self.row, self.cells = None, []


def _int(value: str | None, default: int) -> int:
    # ASCII digits only: "²" passes str.isdigit() and fails int().
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else default


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Automatic list numbering: what Word draws before a numbered paragraph but does not store."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, archive: zipfile.ZipFile) -> _Numbering:
        """The numbering definitions of the document, if it has any."""
        if "word/numbering.xml" not in archive.namelist():
            return cls()
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
        numbering = cls()
        for num in root.findall(f"{{{W}}}num"):
            ref = num.find(f"{{{W}}}abstractNumId")
            if ref is not None:
                numbering.levels[num.get(f"{{{W}}}numId", "")] = abstract.get(ref.get(_VAL, ""), {})
        return numbering

    def label(self, props: etree._Element) -> str:
        """The number Word shows before the paragraph with these w:numPr, or "" when it has none."""
        if not self.levels:
            return ""
        num = props.find(f"{{{W}}}numId")
        ilvl_node = props.find(f"{{{W}}}ilvl")
        num_id = num.get(_VAL, "") if num is not None else ""
        ilvl = _int(ilvl_node.get(_VAL), 0) if ilvl_node is not None else 0
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
