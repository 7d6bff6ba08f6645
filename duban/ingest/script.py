"""Documents in traditional characters are read in simplified ones, so one set of rules serves both."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from duban.ingest.document import Block, Document, Paragraph, Table

# Characters that exist only in traditional script and are common in plan documents.
_SAMPLE_CHARS = 20000
_TRADITIONAL_MARKERS = set("單頭責務門導處會劃實聯廳縣區關於號時間員應發辦據數據開質術體織")


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(document: Document) -> bool:
    """True when the document's text is written in traditional characters."""
    sample = "".join(_sample(document, _SAMPLE_CHARS))[:_SAMPLE_CHARS]
    hits = sum(sample.count(marker) for marker in _TRADITIONAL_MARKERS)
    return hits >= 5 and hits >= len(sample) * 0.002


def to_simplified(document: Document) -> Document:
    """The same document with every paragraph and cell converted to simplified characters."""
    convert = _converter().convert
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(convert(block.text)))
        else:
            blocks.append(Table(rows=[[convert(cell) for cell in row] for row in block.rows]))
    return Document(blocks=blocks, source_format=document.source_format)


def _sample(document: Document, size: int) -> list[str]:
    """Texts from the start of the document until they hold `size` characters."""
    texts: list[str] = []
    total = 0
    for block in document.blocks:
        cells = [block.text] if isinstance(block, Paragraph) else (c for row in block.rows for c in row)
        for text in cells:
            texts.append(text)
            total += len(text)
            if total >= size:
                return texts
    return texts


# A pinyin reading inserted after a character by a mirror site: 市財(cái)政局.
# One syllable with its tone marked: an initial, vowels with at least one tone mark, n / ng / r.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_READING = re.compile(
    rf"(?<=[\u3400-\u9fff])[（(](?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    rf"[aeiouü]*[{_TONED}][aeiouü]*(?:ng|n|r)?[)）]"
)


def drop_readings(document: Document) -> tuple[Document, list[str]]:
    """The document without pinyin readings after characters, and the readings found ([] if none)."""
    sample = "".join(_sample(document, _SAMPLE_CHARS))
    if not _READING.search(sample):
        return document, []
    found: list[str] = []

    def drop(text: str) -> str:
        if "(" not in text and "（" not in text:
            return text
        for match in _READING.finditer(text):
            found.append(text[max(0, match.start() - 1) : match.end()])
        return _READING.sub("", text)

    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(drop(block.text)))
        else:
            blocks.append(Table(rows=[[drop(cell) for cell in row] for row in block.rows]))
    return Document(blocks=blocks, source_format=document.source_format), found
