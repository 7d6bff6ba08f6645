import datetime as dt
from dataclasses import dataclass

from duban.tracking.rules_documents import (
    document_figures,
    documents_blocking,
    is_blocking,
    is_issued,
    titles_text,
)


@dataclass
class Doc:
    title: str
    status: str = "pending"
    issued_on: dt.date | None = None
    override_reason: str = ""


JUNE = dt.date(2025, 6, 10)


def test_a_document_is_issued_once_its_status_and_date_say_so():
    assert is_issued(Doc("甲", status="issued", issued_on=JUNE))
    assert not is_issued(Doc("甲"))
    assert not is_issued(Doc("甲", status="issued", issued_on=None))


def test_on_a_past_day_a_document_issued_later_is_not_issued_yet():
    doc = Doc("甲", status="issued", issued_on=JUNE)

    assert not is_issued(doc, on=dt.date(2025, 5, 31))
    assert is_issued(doc, on=JUNE)


def test_only_pending_documents_without_the_supervisors_leave_hold_back_completion():
    docs = [
        Doc("已出台", status="issued", issued_on=JUNE),
        Doc("未出台"),
        Doc("先行办结", override_reason="已报省厅待批"),
        Doc("理由空白", override_reason="  "),
    ]

    assert documents_blocking(docs) == ["未出台", "理由空白"]
    assert not is_blocking(docs[0]) and is_blocking(docs[1])


def test_titles_are_written_in_book_title_marks():
    assert titles_text(["甲", "乙"]) == "《甲》《乙》"


def test_the_figures_count_issued_pending_and_issued_in_the_period():
    docs = [
        Doc("五月", status="issued", issued_on=dt.date(2025, 5, 20)),
        Doc("六月", status="issued", issued_on=JUNE),
        Doc("七月", status="issued", issued_on=dt.date(2025, 7, 2)),
        Doc("未出台"),
    ]

    figures = document_figures(docs, on=dt.date(2025, 6, 30), since=dt.date(2025, 6, 1))

    assert (figures.total, figures.issued, figures.pending, figures.issued_in_period) == (4, 2, 2, 1)
