"""Official-document layout for .docx after GB/T 9704: A4, its margins, its faces, page numbers."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
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
LINE_PITCH = Pt(28)  # 22 lines a page
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


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
    _page_number_footer(document)


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
    if align is not None:
        result.alignment = align
    if text:
        styled_run(result, text, face=face, size=size, bold=bold)
    return result


def _pitch(target: Paragraph) -> None:
    fmt = target.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)


def title(document: Document, text: str) -> Paragraph:
    """The document's title in 小标宋 二号, centred, followed by an empty line."""
    result = document.add_paragraph()
    result.alignment = WD_ALIGN_PARAGRAPH.CENTER
    result.paragraph_format.space_after = Pt(0)
    result.paragraph_format.line_spacing = Pt(36)
    styled_run(result, text, face=TITLE_FACE, size=TITLE_SIZE)
    paragraph(document, indent=False)
    return result


def heading(document: Document, text: str) -> Paragraph:
    """A first-level heading (一、…) in 黑体 三号."""
    return paragraph(document, text, face=HEADING_FACE)


def subheading(document: Document, text: str) -> Paragraph:
    """A second-level heading (（一）…) in 楷体 三号."""
    return paragraph(document, text, face=SUBHEADING_FACE)


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


def _page_number_footer(document: Document) -> None:
    """“— 1 —” in 宋体 四号, the number a PAGE field."""
    footer = document.sections[0].footer
    target = footer.paragraphs[0]
    target.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
