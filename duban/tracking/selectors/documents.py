"""The documents tasks must issue (出台文件), with their state and issued file: the one read behind the task
page, the API, the ledger's sheet 文件出台情况 and the circular. Two queries whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from duban.plans.models import DocumentRef, DocumentStatus, Task
from duban.tracking import rules_documents
from duban.tracking.models import Attachment


@dataclass(frozen=True)
class Deliverable:
    """A document a task must issue, with its newest issued file."""

    document: DocumentRef
    file: Attachment | None

    @property
    def issued(self) -> bool:
        """已出台 (文号 and 印发日期 recorded)."""
        return rules_documents.is_issued(self.document)

    @property
    def blocking(self) -> bool:
        """Whether it holds back 办结 now."""
        return rules_documents.is_blocking(self.document)

    @property
    def state_label(self) -> str:
        """未出台 / 已出台."""
        return DocumentStatus(self.document.status).label

    def issued_by(self, day: dt.date) -> bool:
        """Whether it was issued on or before `day` (a circular for a past period)."""
        return rules_documents.is_issued(self.document, on=day)


def task_deliverables(tasks: Sequence[Task]) -> dict[int, list[Deliverable]]:
    """Each task's deliverables in the order the task names them (every task has a list, maybe empty)."""
    ids = [task.pk for task in tasks]
    documents = list(
        DocumentRef.objects.deliverables().filter(task_id__in=ids).order_by("task_id", "position", "pk")
    )
    files: dict[int, Attachment] = {}
    # Oldest first, so the newest file of each document is the one kept.
    # Filtered by task, not by the documents found: the same two queries whether a task has any or not.
    attached = Attachment.objects.filter(document__task_id__in=ids, document__deliverable=True)
    for attachment in attached.order_by("uploaded_at", "pk"):
        assert attachment.document_id is not None  # filtered on it
        files[attachment.document_id] = attachment
    found: dict[int, list[Deliverable]] = defaultdict(list)
    for document in documents:
        found[document.task_id].append(Deliverable(document=document, file=files.get(document.pk)))
    return {pk: found.get(pk, []) for pk in ids}
