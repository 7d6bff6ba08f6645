"""Official-document layout for .docx after GB/T 9704-2012, wherever Word can express it.

A4 with the standard's margins; a 22 lines × 28 characters document grid; 版头 (issuing body,
第N期, red rule); the title in 2号小标宋 broken at sense boundaries; 3号仿宋 justified body; headings in
黑体 and 楷体 kept with their next paragraph; 4号 宋体 page numbers "— 1 —" outside on odd and even
pages; 落款 by 7.3.5.2; 版记 between rules; zh-CN language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
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


def page_setup(document: Document) -> None:
    """A4 portrait with the official margins, and the body style in 仿宋 三号."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(25)
    normal = document.styles["Normal"]
    set_face(normal.element, BODY_FACE)
    normal.font.size = BODY_SIZE
    _chinese(document)
    _grid(document, section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _chinese(document: Document) -> None:
    """zh-CN for every run (python-docx's template says en-US, and renderers then pick Japanese glyphs)."""
    targets = [document.styles["Normal"].element.get_or_add_rPr()]
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        targets.append(defaults)
    for r_pr in targets:
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.insert_element_before(lang, *_AFTER_LANG)
        for attribute in ("w:val", "w:eastAsia"):
            lang.set(qn(attribute), "zh-CN")


def _grid(document: Document, section: Section) -> None:
    """22 lines of 28 characters: a line grid of 28.95 pt, and characters set 0.25 pt closer.

    三号 glyphs are 16 pt and 28 of them need 15.79 pt each. Word would squeeze them onto a character grid
    (w:type="linesAndChars"), but LibreOffice gives every glyph wider than a grid cell two cells (14 a
    line); a character spacing of −0.25 pt gives 28 a line in both. charSpace still records the pitch.
    """
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.set(qn("w:charSpace"), str(round((CHAR_PITCH - BODY_SIZE.pt) * 4096)))
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    document.styles["Normal"].element.get_or_add_rPr().insert_element_before(spacing, *_AFTER_SPACING)


# Children of w:pPr that the schema places after w:pBdr.
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Children of w:rPr that the schema places after w:spacing and after w:lang.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG,
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


def masthead(document: Document, *, issuer: str, issue_no: int | None, issued_on: str) -> None:
    """版头: "<issuer>督查通报" in red, 第N期, then the issuer and date over a red rule."""
    name = f"{issuer}督查通报"
    size = Pt(min(36.0, TEXT_WIDTH.pt / max(width(name), 1)))
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.space_before = Pt(0)
    head.paragraph_format.space_after = Pt(6)
    styled_run(head, name, face=TITLE_FACE, size=size).font.color.rgb = MASTHEAD_RED
    if issue_no is not None:
        paragraph(document, f"第{issue_no}期", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.left_indent = line.paragraph_format.right_indent = ONE_CHAR
    _tab_right(line, TEXT_WIDTH.pt - 2 * ONE_CHAR.pt)
    styled_run(line, f"{issuer}\t{issued_on}", face=BODY_FACE, size=BODY_SIZE)
    _border(line, "bottom", size_eighths=12, color="E60012")
    paragraph(document, indent=False)


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


def colophon(document: Document, *, cc: str, printer: str, printed_on: str) -> None:
    """版记 after the 落款: 抄送 and 印发机关/印发日期 in 四号 仿宋 between rules (thick, thin, thick).

    The standard puts it at the foot of the last page; LibreOffice ignores a bottom-aligned frame, so it
    follows the 落款 after an empty line.
    """
    paragraph(document, indent=False)
    lines: list[Paragraph] = []
    if cc:
        copied = paragraph(document, f"抄送：{cc}。", size=COLOPHON_SIZE, indent=False)
        lines.append(copied)
    printed = paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _tab_right(printed, TEXT_WIDTH.pt - 2 * COLOPHON_SIZE.pt)
    styled_run(printed, f"{printer}\t{printed_on}印发", face=BODY_FACE, size=COLOPHON_SIZE)
    lines.append(printed)
    for index, line in enumerate(lines):
        line.paragraph_format.left_indent = line.paragraph_format.right_indent = Pt(COLOPHON_SIZE.pt)
        line.paragraph_format.keep_with_next = index < len(lines) - 1
        _border(line, "top", size_eighths=8 if index == 0 else 4)
    _border(lines[-1], "bottom", size_eighths=8)


def core_properties(document: Document, *, organization: str, title_text: str, created: dt.datetime) -> None:
    """Core properties that name the organisation and the real creation time, not python-docx's template."""
    props = document.core_properties
    props.author = props.last_modified_by = organization
    props.title = title_text
    props.subject = "督查通报"
    props.keywords = "督查通报"
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = created
    props.revision = 1


def _tab_right(target: Paragraph, position_pt: float) -> None:
    target.paragraph_format.tab_stops.add_tab_stop(Pt(position_pt), WD_TAB_ALIGNMENT.RIGHT)


def _border(target: Paragraph, side: str, *, size_eighths: int, color: str = "000000") -> None:
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


def _page_number(target: Paragraph, *, odd: bool) -> None:
    """“— 1 —” in 宋体 四号, the number a PAGE field: odd pages right, even pages left, one character in."""
    target.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        target.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        target.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    styled_run(target, "— ", face=PAGE_NUMBER_FACE, size=PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = styled_run(target, "", face=PAGE_NUMBER_FACE, size=PAGE_NUMBER_SIZE)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.element.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run.element.append(instruction)
        else:
            run.text = text or ""
    styled_run(target, " —", face=PAGE_NUMBER_FACE, size=PAGE_NUMBER_SIZE)
