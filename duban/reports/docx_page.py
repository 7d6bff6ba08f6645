"""The page of an official document (.docx) after GB/T 9704-2012, wherever Word can express it.

A4 with the standard's margins; a 22 lines × 28 characters document grid; 版头 (issuing body, 第N期 or
发文字号, red rule); 4号 宋体 page numbers "— 1 —" outside on odd and even pages; 版记 between rules;
zh-CN language; core properties naming the organisation. The text on it is `docx_layout`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from duban.reports.docx_layout import (
    BODY_FACE,
    BODY_SIZE,
    CHAR_PITCH,
    CHAR_SPACING_TWIPS,
    COLOPHON_SIZE,
    LINE_PITCH,
    MARGINS_MM,
    MASTHEAD_RED,
    ONE_CHAR,
    PAGE_NUMBER_FACE,
    PAGE_NUMBER_SIZE,
    TEXT_WIDTH,
    TITLE_FACE,
    border,
    paragraph,
    set_face,
    styled_run,
    tab_right,
    width,
)


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


# Children of w:rPr that the schema places after w:spacing and after w:lang.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG,
)  # fmt: skip


def masthead(
    document: Document, *, name: str, number: str = "", byline: tuple[str, str] | None = None
) -> None:
    """版头: the issuing body's mark `name` in red, then `number` (第N期, 督办〔2026〕12号) centred, then the
    `byline` (issuer, date) when given, over a red rule."""
    size = Pt(min(36.0, TEXT_WIDTH.pt / max(width(name), 1)))
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.space_before = Pt(0)
    head.paragraph_format.space_after = Pt(6)
    styled_run(head, name, face=TITLE_FACE, size=size).font.color.rgb = MASTHEAD_RED
    if number:
        line = paragraph(document, number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    if byline is not None:
        line = paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.left_indent = line.paragraph_format.right_indent = ONE_CHAR
        tab_right(line, TEXT_WIDTH.pt - 2 * ONE_CHAR.pt)
        styled_run(line, "\t".join(byline), face=BODY_FACE, size=BODY_SIZE)
    if number or byline is not None:
        border(line, "bottom", size_eighths=12, color="E60012")
    paragraph(document, indent=False)


def colophon(document: Document, *, cc: str, printer: str, printed_on: str) -> None:
    """版记 at the foot of the last page (7.4): 抄送 and 印发机关/印发日期 in 四号 仿宋 between rules.

    The lines are a text box anchored to the paragraph after the 落款 and aligned to the bottom of the text
    block, with text wrapped above and below it, so it sits on the last page whatever the body's length and
    body text never runs under it (when the 落款 fills the page, the box starts a page of its own). A
    bottom-aligned w:framePr moved to the top of a new page in LibreOffice; a floating table was not drawn.
    """
    lines: list[Paragraph] = []
    if cc:
        lines.append(paragraph(document, f"抄送：{cc}。", size=COLOPHON_SIZE, indent=False))
    printed = paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    tab_right(printed, TEXT_WIDTH.pt - 2 * COLOPHON_SIZE.pt)
    styled_run(printed, f"{printer}\t{printed_on}印发", face=BODY_FACE, size=COLOPHON_SIZE)
    lines.append(printed)
    for index, line in enumerate(lines):
        line.paragraph_format.left_indent = line.paragraph_format.right_indent = Pt(COLOPHON_SIZE.pt)
        border(line, "top", size_eighths=8 if index == 0 else 4)
    border(lines[-1], "bottom", size_eighths=8)
    # Each line is one 28.95 pt grid line; a little more keeps the last rule inside the box.
    height = Pt(LINE_PITCH.pt * len(lines) + 4)
    anchor = document.add_paragraph()
    box = parse_xml(_TEXT_BOX.format(width=int(TEXT_WIDTH.emu), height=int(height.emu)))
    content: Any = box.find(".//" + qn("w:txbxContent"))
    for line in lines:
        content.append(line._p)  # moved out of the body into the box
    anchor.add_run()._r.append(box)


_TEXT_BOX = (
    '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"'
    ' behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
    '<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapTopAndBottom/><wp:docPr id="9704" name="版记"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/>'
    '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
    "<wps:txbx><w:txbxContent/></wps:txbx>"
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
    "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
)


def core_properties(
    document: Document, *, organization: str, title_text: str, created: dt.datetime, subject: str = "督查通报"
) -> None:
    """Core properties that name the organisation and the real creation time, not python-docx's template."""
    props = document.core_properties
    props.author = props.last_modified_by = organization
    props.title = title_text
    props.subject = props.keywords = subject
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = created
    props.revision = 1


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
