"""Rules on the documents tasks must issue (出台文件), as pure functions: nothing here reads the database.

A deliverable is 已出台 once its 文号 and 印发日期 are recorded (`DocumentRef.status`). Until then it holds
back 办结, unless the supervisor gave leave to apply first (先行办结, `override_reason`). A document counts
as issued on a past day only when its 印发日期 is on or before that day, so a circular written for an
earlier period does not count what was issued later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class DocumentFacts(Protocol):
    """What the rules read of a deliverable (a `plans.models.DocumentRef` has it)."""

    @property
    def title(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def issued_on(self) -> dt.date | None: ...

    @property
    def override_reason(self) -> str: ...


ISSUED = "issued"


def is_issued(document: DocumentFacts, *, on: dt.date | None = None) -> bool:
    """Whether the document is 已出台 (on a given day: issued on or before it)."""
    if document.status != ISSUED or document.issued_on is None:
        return False
    return on is None or document.issued_on <= on


def is_blocking(document: DocumentFacts) -> bool:
    """Whether the document holds back 办结: not issued, and the supervisor gave no leave (先行办结)."""
    return not is_issued(document) and not document.override_reason.strip()


def documents_blocking(documents: Iterable[DocumentFacts]) -> list[str]:
    """Titles of the documents that hold back 办结, in the order given."""
    return [d.title for d in documents if is_blocking(d)]


def titles_text(titles: Iterable[str]) -> str:
    """Titles as a sentence names them: 《甲》《乙》."""
    return "".join(f"《{title}》" for title in titles)


@dataclass(frozen=True)
class DocumentFigures:
    """How many deliverables are issued and pending on a day, and how many were issued in a period."""

    total: int
    issued: int
    pending: int
    issued_in_period: int


def document_figures(
    documents: Iterable[DocumentFacts], *, on: dt.date, since: dt.date | None = None
) -> DocumentFigures:
    """Counts as on `on`; `issued_in_period` counts those issued from `since` to `on` (both included)."""
    items = list(documents)
    issued = [d for d in items if is_issued(d, on=on)]
    recent = [d for d in issued if since is None or (d.issued_on is not None and d.issued_on >= since)]
    return DocumentFigures(
        total=len(items), issued=len(issued), pending=len(items) - len(issued), issued_in_period=len(recent)
    )
