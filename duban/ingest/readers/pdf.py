"""PDF through pdfplumber: ruled tables across pages joined into one, text around them as paragraphs."""

from __future__ import annotations

import io
import itertools
import logging
from typing import Any

from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import UnreadableDocument
from duban.ingest.registry import register

MAX_PAGES = 2000


@register("pdf")
def read_pdf(content: bytes) -> Document:
    """Read a PDF's tables and text; a table that runs over a page break stays one table."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    blocks: list[Block] = []
    try:
        # Checked on pdfminer's document of its own: pdfplumber builds every page when it closes.
        _check_page_count(io.BytesIO(content))
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            for page in pdf.pages:
                _read_page(page, blocks)
                page.flush_cache()
    except PDFPasswordIncorrect as exc:
        raise UnreadableDocument("PDF 文件设有密码，请先取消密码再导入") from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument("PDF 文件已损坏，无法读取") from exc
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises a wide and undocumented range of errors on damaged files
        if _is_password_error(exc):
            raise UnreadableDocument("PDF 文件设有密码，请先取消密码再导入") from exc
        raise UnreadableDocument("PDF 文件已损坏，无法读取") from exc
    if not any((isinstance(b, Table) and b.rows) or isinstance(b, Paragraph) for b in blocks):
        raise UnreadableDocument("PDF 中没有可提取的文字（可能是扫描件，需要先做文字识别）")
    return Document(blocks=blocks, source_format="pdf")


def _check_page_count(stream: io.BytesIO) -> None:
    """Refuse a PDF of too many pages from its page tree, before pdfplumber builds every page."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(stream))

    refusal = UnreadableDocument(f"PDF 超过 {MAX_PAGES} 页，拒绝读取")
    tree = resolve1(document.catalog.get("Pages"))
    declared = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    if isinstance(declared, int) and declared > MAX_PAGES:
        raise refusal
    # The declared count may lie: walk the tree one page at a time, stopping just past the limit.
    if sum(1 for _ in itertools.islice(PDFPage.create_pages(document), MAX_PAGES + 1)) > MAX_PAGES:
        raise refusal


def _is_password_error(exc: BaseException) -> bool:
    # pdfplumber wraps pdfminer's PDFPasswordIncorrect in its own exception, with no message of its own.
    seen: list[object] = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any("password" in type(e).__name__.lower() or "password" in str(e).lower() for e in seen if e)


def _read_page(page: Any, blocks: list[Block]) -> None:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    items: list[tuple[float, Block]] = []
    for line in outside.extract_text_lines(layout=False, strip=True):
        if line["text"].strip():
            items.append((line["top"], Paragraph(line["text"].strip())))
    for table in tables:
        rows = [[(cell or "").strip() for cell in row] for row in table.extract()]
        items.append((table.bbox[1], Table(rows=rows)))
    for position, (_, block) in enumerate(sorted(items, key=lambda item: item[0])):
        previous = blocks[-1] if blocks else None
        if (
            position == 0
            and isinstance(block, Table)
            and isinstance(previous, Table)
            and _continues(previous, block)
        ):
            # The table runs on from the previous page: the same table, not a new one.
            previous.rows.extend(block.rows)
        else:
            blocks.append(block)


def _continues(previous: Table, block: Table) -> bool:
    widths = {len(row) for row in previous.rows[-1:]} | {len(row) for row in block.rows[:1]}
    return len(widths) == 1


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return bool(
        obj.get("x0", 0) >= x0 - 1
        and obj.get("x1", 0) <= x1 + 1
        and obj.get("top", 0) >= top - 1
        and obj.get("bottom", 0) <= bottom + 1
    )
