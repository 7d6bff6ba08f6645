"""The demo plan's documents to issue (出台文件): issued with their 文号 and file, pending, and one let
through for 办结 before it is issued. The plan names one (task 2); the supervisor adds three it implies,
as a supervisor adds what the parser could not see. The demo liaison of 基础教育处 sees 办结 refused
on task 11.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils import timezone

from duban.accounts.models import User
from duban.plans.models import DocumentRef, Task
from duban.tracking.services.attachments import Upload
from duban.tracking.services.documents import document_add, document_issue, documents_override

ADDED = {
    4: "青川市中小学校长职级制管理办法",
    11: "青川市普通高中特色示范学校评估办法",
    30: "青川市校园安全隐患排查整治工作方案",
}
# task number → (文号, 印发日期) of the document it issued
ISSUED = {2: ("青教发〔2025〕18号", dt.date(2025, 5, 28)), 30: ("青教安〔2025〕6号", dt.date(2025, 6, 20))}
LET_THROUGH = (4, "省级职级制配套文件尚未印发，同意先行办结，文件印发后补录。")

At = Callable[[dt.datetime, Callable[[], Any]], Any]


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16))


def demo_documents_load(*, tasks: list[Task], liaisons: dict[int, User], supervisor: User, at: At) -> None:
    """Add the implied documents, record the issued ones (by the lead unit's liaison), let one through."""
    by_no = {int(task.no): task for task in tasks}
    for no, title in ADDED.items():
        at(_moment(dt.date(2025, 1, 3)), partial(document_add, task=by_no[no], by=supervisor, title=title))
    for no, (number, day) in ISSUED.items():
        task = by_no[no]
        document = DocumentRef.objects.deliverables().filter(task=task).first()
        if document is None:
            continue
        content = f"{number}\n《{document.title}》（演示文件）\n".encode()
        at(
            _moment(day),
            partial(
                document_issue,
                document=document,
                by=liaisons.get(task.lead_units[0].pk, supervisor),
                doc_number=number,
                issued_on=day,
                file=Upload(name=f"{document.title}.txt", content=content),
                today=day,
            ),
        )
    no, reason = LET_THROUGH
    at(
        _moment(dt.date(2025, 7, 1)),
        partial(documents_override, task=by_no[no], by=supervisor, reason=reason),
    )
