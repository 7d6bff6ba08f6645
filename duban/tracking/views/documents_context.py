"""What the task page shows of the documents the task must issue (出台文件), and the forms each user gets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms

from duban.plans.models import PlanStatus, Task, TaskState
from duban.tracking import rules_documents, selectors
from duban.tracking.forms_documents import DocumentAddForm, DocumentIssueForm, DocumentReasonForm


@dataclass
class DocumentRow:
    """A deliverable as the task page lists it, with the forms the user may use on it."""

    item: selectors.Deliverable
    issue_form: forms.Form | None = None  # record as issued (lead unit), or correct (supervisor)
    reopen_form: forms.Form | None = None  # back to 未出台 (supervisor)


def documents_context(
    *, task: Task, lead: bool, supervise: bool, bound: Mapping[str, forms.Form]
) -> dict[str, object]:
    """The task's deliverables, what holds back 办结, and the forms of the lead unit and the supervisor."""
    items = selectors.task_deliverables([task])[task.pk]
    published = task.plan.status == PlanStatus.PUBLISHED
    lead_may = published and lead and task.state != TaskState.COMPLETED
    rows = []
    for item in items:
        pk = item.document.pk
        row = DocumentRow(item=item)
        if (supervise and published) or (lead_may and not item.issued):
            initial = {"doc_number": item.document.doc_number, "issued_on": item.document.issued_on}
            row.issue_form = bound.get(f"document-{pk}") or DocumentIssueForm(
                initial=initial, auto_id=f"document-{pk}-%s"
            )
        if supervise and item.issued:
            row.reopen_form = bound.get(f"document-reopen-{pk}") or DocumentReasonForm(
                auto_id=f"document-reopen-{pk}-%s"
            )
        rows.append(row)
    blocking = rules_documents.documents_blocking(item.document for item in items)
    open_task = published and task.state != TaskState.COMPLETED
    return {
        "documents": rows,
        "documents_issued": sum(1 for item in items if item.issued),
        "documents_blocking": rules_documents.titles_text(blocking),
        "document_add_form": (bound.get("document-add") or DocumentAddForm(auto_id="document-add-%s"))
        if supervise
        else None,
        "documents_override_form": (
            bound.get("documents-override") or DocumentReasonForm(auto_id="documents-override-%s")
        )
        if supervise and open_task and blocking
        else None,
    }
