"""The text of an official document (.docx) after GB/T 9704-2012: paragraphs, title, headings, tables, 落款.

The title in 2号小标宋 broken at sense boundaries; 3号仿宋 justified body on the 28.95 pt line pitch; headings
in 黑体 and 楷体 kept with their next paragraph; tables in 小四; 落款 by 7.3.5.2. The page itself (A4, grid,
版头, 版记, page numbers, language, properties) is `docx_page`.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# The faces GB/T 9704 names; a machine without them renders the document in its fallback CJK fonts.
TITLE_FACE = "方正小标宋简体"
BODY_FACE = "仿宋_GB2312"
HEADING_FACE = "黑体"
SUBHEADING_FACE = "楷体_GB2312"
PAGE_NUMBER_FACE = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四
PAGE_NUMBER_SIZE = Pt(14)  # 四号
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28  # the standard's grid: 22 lines of 28 characters
TEXT_WIDTH = Mm(210 - MARGINS_MM["left"] - MARGINS_MM["right"])  # 156 mm
TEXT_HEIGHT = Mm(297 - MARGINS_MM["top"] - MARGINS_MM["bottom"])  # 225 mm
LINE_PITCH = Pt(int(TEXT_HEIGHT.pt / LINES * 20) / 20)  # 28.95 pt: whole twips, 22 lines fit
CHAR_PITCH = TEXT_WIDTH.pt / CHARS  # 15.79 pt
CHAR_SPACING_TWIPS = -5  # 16 pt − 0.25 pt: 28 glyphs of 三号 fit the 156 mm line, 29 do not
MASTHEAD_RED = RGBColor(0xE6, 0x00, 0x12)
ONE_CHAR = Pt(BODY_SIZE.pt)
COLOPHON_SIZE = Pt(14)  # 四号


# Children of w:pPr that the schema places after w:pBdr.
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def set_face(element: object, face: str) -> None:
    """Set a run's or a style's font for Latin and East Asian text alike (w:rFonts w:eastAsia)."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)


def styled_run(paragraph: Paragraph, text: str, *, face: str, size: Pt, bold: bool = False) -> Run:
    """A run of text in one face and size."""
    run = paragraph.add_run(text)
    set_face(run.element, face)
    run.font.size = size
    run.font.bold = bold
    return run


def paragraph(
    document: Document,
    text: str = "",
    *,
    face: str = BODY_FACE,
    size: Pt = BODY_SIZE,
    indent: bool = True,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
) -> Paragraph:
    """A body paragraph on the 28-point line pitch, first line indented two characters."""
    result = document.add_paragraph()
    _pitch(result)
    if indent:
        result.paragraph_format.first_line_indent = Pt(size.pt * 2)
    result.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    if text:
        styled_run(result, text, face=face, size=size, bold=bold)
    return result


def _pitch(target: Paragraph) -> None:
    fmt = target.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)


def title(document: Document, text: str) -> Paragraph:
    """The title in 小标宋 二号, centred, broken at a sense boundary when longer than a line."""
    result = document.add_paragraph()
    result.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _pitch(result)
    result.paragraph_format.keep_with_next = True
    lines = title_lines(text, per_line=int(TEXT_WIDTH.pt // TITLE_SIZE.pt))
    for index, line in enumerate(lines):
        run = styled_run(result, line, face=TITLE_FACE, size=TITLE_SIZE)
        if index < len(lines) - 1:
            run.add_break()
    paragraph(document, indent=False)
    return result


# Where a circular's title may break: after 关于, before the words that name what is reported.
_TITLE_BREAKS = ("工作任务", "推进情况", "情况的通报", "的通报")


def title_lines(text: str, *, per_line: int) -> list[str]:
    """The title as one line, or two broken at the most balanced sense boundary that fits."""
    if width(text) <= per_line:
        return [text]
    cuts = {2} if text.startswith("关于") else set()
    cuts |= {text.find(word) for word in _TITLE_BREAKS if text.find(word) > 0}
    fitting = [c for c in cuts if width(text[:c]) <= per_line and width(text[c:]) <= per_line]
    if not fitting:
        return [text]
    cut = min(fitting, key=lambda c: abs(width(text[:c]) - width(text[c:])))
    return [text[:cut], text[cut:]]


def width(text: str) -> float:
    """A text's width in characters: Chinese full, ASCII (digits, Latin letters) half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1 for ch in text)


def heading(document: Document, text: str) -> Paragraph:
    """A first-level heading (一、…) in 黑体 三号, kept with its next paragraph."""
    result = paragraph(document, text, face=HEADING_FACE, align=WD_ALIGN_PARAGRAPH.LEFT)
    result.paragraph_format.keep_with_next = True
    return result


def subheading(document: Document, text: str) -> Paragraph:
    """A second-level heading (（一）…) in 楷体 三号, kept with its next paragraph."""
    result = paragraph(document, text, face=SUBHEADING_FACE, align=WD_ALIGN_PARAGRAPH.LEFT)
    result.paragraph_format.keep_with_next = True
    return result


def signature(document: Document, *, issuer: str, issued_on: str) -> None:
    """落款 by 7.3.5.2 (no seal): one empty line, the issuer 2 characters from the right, the date below it.

    The date starts 2 characters right of the issuer's first character; a date longer than that is kept
    2 characters from the right and the issuer moves left to match.
    """
    issuer_width, date_width = width(issuer), width(issued_on)
    issuer_right = 2.0
    date_right = issuer_right + issuer_width - date_width - 2
    if date_right < 2:
        date_right = 2.0
        issuer_right = date_right + date_width + 2 - issuer_width
    paragraph(document, indent=False)
    for text, right in ((issuer, issuer_right), (issued_on, date_right)):
        signed = paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signed.paragraph_format.right_indent = Pt(ONE_CHAR.pt * right)
        signed.paragraph_format.keep_with_next = text == issuer


def tab_right(target: Paragraph, position_pt: float) -> None:
    target.paragraph_format.tab_stops.add_tab_stop(Pt(position_pt), WD_TAB_ALIGNMENT.RIGHT)


def border(target: Paragraph, side: str, *, size_eighths: int, color: str = "000000") -> None:
    """A rule over or under a paragraph, the width of its indents (w:pBdr; size in eighths of a point)."""
    p_pr: Any = target._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.insert_element_before(borders, *_AFTER_BORDERS)
    edge = OxmlElement(f"w:{side}")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(size_eighths)),
        ("w:space", "1"),
        ("w:color", color),
    ):
        edge.set(qn(key), value)
    borders.append(edge)


def table(document: Document, header: list[str], rows: list[list[str]], widths_mm: list[int]) -> Table:
    """A bordered table in 仿宋 小四 with fixed widths, its header row in 黑体 and repeated on each page."""
    result: Table = document.add_table(rows=1 + len(rows), cols=len(header))
    result.style = document.styles["Table Grid"]
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    result.autofit = False
    for column, width in zip(result.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    for row_index, values in enumerate([header, *rows]):
        face = HEADING_FACE if row_index == 0 else BODY_FACE
        for cell, value in zip(result.rows[row_index].cells, values, strict=True):
            cell_paragraph = cell.paragraphs[0]
            cell_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            styled_run(cell_paragraph, value, face=face, size=TABLE_SIZE)
    header_pr = result.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    return result
