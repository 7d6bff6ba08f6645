"""Web pages: tables with rowspan and colspan, or paragraphs; declared or detected encodings."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.registry import register
from duban.ingest.safety import GridBudget
from duban.ingest.text import lines_of

_IGNORED = {"script", "style", "nav", "noscript", "template", "iframe", "head", "button", "select", "form"}
_INLINE = {
    "span",
    "a",
    "b",
    "strong",
    "i",
    "em",
    "font",
    "u",
    "sub",
    "sup",
    "small",
    "big",
    "label",
    "abbr",
    "code",
    "s",
    "strike",
    "ins",
    "mark",
    "q",
    "cite",
    "img",
    "o:p",
    "wbr",
    "nobr",
}
_CHROME = re.compile(
    r"(?<![a-z])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|topbar|sidebar|banner|share)(?![a-z])"
)
KIND = "网页"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


@register("html")
def read_html(content: bytes) -> Document:
    """Read an HTML page into paragraphs and tables, ignoring scripts, styles and navigation."""
    text = _decode(content)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument("网页内容为空或无法解析") from exc
    for element in list(root.iter("script", "style", "nav", "noscript", "template", "iframe", "head")):
        if isinstance(element, lxml_html.HtmlElement):
            element.drop_tree()
    for element in list(root.iter()):
        # Site chrome: navigation bars, breadcrumbs, banners and footers named by class or id.
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if (
            isinstance(element, lxml_html.HtmlElement)
            and _CHROME.search(names)
            and element.getparent() is not None
        ):
            element.drop_tree()
    blocks: list[Block] = []
    _walk(root, blocks, GridBudget(KIND))
    return Document(blocks=blocks, source_format="html")


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(content[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        if encoding in {"gb2312", "gbk"}:
            encoding = "gb18030"  # a superset: pages that say gb2312 often hold GBK characters
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("utf-8", errors="replace")


def _walk(element: lxml_html.HtmlElement, blocks: list[Block], budget: GridBudget) -> None:
    inline: list[str] = []

    def flush() -> None:
        text = "".join(inline).strip()
        if text:
            blocks.extend(Paragraph(line) for line in lines_of(text))
        inline.clear()

    if element.text:
        inline.append(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _IGNORED:
            pass
        elif tag == "table":
            flush()
            _table(child, blocks, budget)
        elif tag == "br":
            inline.append("\n")
        elif tag in _INLINE or not tag:
            inline.append(_inline_text(child) if tag else "")
        else:
            flush()
            _walk(child, blocks, budget)
        if child.tail:
            inline.append(child.tail)
    flush()


def _inline_text(element: lxml_html.HtmlElement) -> str:
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return str(element.text_content())


def _table(table: lxml_html.HtmlElement, blocks: list[Block], budget: GridBudget) -> None:
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    if any(len(_cells(tr)) == 1 and _cells(tr)[0].find(".//table") is not None for tr in rows):
        # A layout table around the real one: read what is inside instead.
        for tr in rows:
            for cell in _cells(tr):
                _walk(cell, blocks, budget)
        return
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in _cells(tr):
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            # Spans are counted before they are filled: six cells of 1000 by 1000 are six million.
            budget.spend(rowspan * colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    # The rectangle is laid out in full: what it adds beyond the cells placed counts too.
    budget.spend(len(rows) * width - len(grid))
    table_rows = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    blocks.append(Table(rows=[row for row in table_rows if any(cell.strip() for cell in row)]))


def _nearest_table(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [child for child in tr if child.tag in {"td", "th"}]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), 1000))
    except ValueError:
        return 1


def _cell_text(cell: lxml_html.HtmlElement) -> str:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in cell.iter("p", "div", "li"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(lines_of(cell.text_content()))
