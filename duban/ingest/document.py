"""The neutral document every reader produces: paragraphs and tables of text cells, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Paragraph:
    """One paragraph of running text (a heading, a line of the notice, an inline task)."""

    text: str


@dataclass(slots=True)
class Table:
    """A table as rows of cell texts; a cell's own line breaks are kept as "\\n"."""

    rows: list[list[str]] = field(default_factory=list)
    # Read back from one cell per line (a web page's copy): its rows are a guess to be checked.
    flattened: bool = False


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """What a reader hands to the layout recogniser."""

    blocks: list[Block]
    source_format: str
