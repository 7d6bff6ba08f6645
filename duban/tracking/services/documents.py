"""Documents a task must issue (出台文件): recorded as issued by the lead unit, corrected by the supervisor.

The supervisor also adds a deliverable the parser missed, removes one it took wrongly, and may let a task
apply for 办结 before its documents are issued (先行办结), with a reason. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib import clock
from duban.plans import permissions as plan_permissions
from duban.plans.models import (
    DocumentAction,
    DocumentRef,
    DocumentStatus,
    PlanStatus,
    Task,
    TaskState,
    TaskUnitRole,
)
from duban.tracking import errors, rules_documents
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import Attachment
from duban.tracking.services.attachments import Upload, attachments_store, files_removed_on_error
from duban.tracking.services.audit import audit_record, snapshot
from duban.tracking.services.reports import task_lock

_ISSUE_FIELDS = ("status", "doc_number", "issued_on")
_BRACKETS = re.compile(r"^[《〈<\s]+|[》〉>\s]+$")


def _document_lock(document: DocumentRef) -> tuple[Task, DocumentRef]:
    task = task_lock(document.task)
    return task, DocumentRef.objects.select_for_update().get(pk=document.pk)


def _supervisor_check(by: User, task: Task) -> None:
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed


def _is_lead(by: User, task: Task) -> bool:
    return TaskUnitRole.LEAD in plan_permissions.task_unit_roles(by, task).values()


def documents_pending_check(task: Task) -> None:
    """Refuse 办结 while a document the task must issue is not issued (and not let through)."""
    blocking = rules_documents.documents_blocking(DocumentRef.objects.deliverables().filter(task=task))
    if blocking:
        raise TrackingError(errors.DOCUMENTS_PENDING.format(titles=rules_documents.titles_text(blocking)))


@transaction.atomic
def document_issue(
    *,
    document: DocumentRef,
    by: User,
    doc_number: str,
    issued_on: dt.date | None,
    file: Upload | None = None,
    today: dt.date | None = None,
) -> DocumentRef:
    """Record a document as issued (已出台): 文号, 印发日期 and the issued file.

    The lead unit records it once, while the task is open; the supervisor records or corrects it at any
    time (a correction keeps the file unless a new one is given).
    """
    with files_removed_on_error() as saved:
        task, document = _document_lock(document)
        supervisor = permissions.can_supervise(by, task.organization_id)
        if not supervisor and not _is_lead(by, task):
            raise NotAllowed(errors.LEAD_ONLY_DOCUMENTS)
        if not document.deliverable:
            raise TrackingError(errors.DOCUMENT_NOT_DELIVERABLE)
        if task.plan.status != PlanStatus.PUBLISHED:
            raise TrackingError(errors.PLAN_NOT_PUBLISHED)
        if not supervisor:
            if task.state == TaskState.COMPLETED:
                raise TrackingError(errors.TASK_COMPLETED)
            if document.status == DocumentStatus.ISSUED:
                raise TrackingError(errors.DOCUMENT_ISSUED_ALREADY)
        number = doc_number.strip()
        if not number:
            raise TrackingError(errors.DOCUMENT_NUMBER_REQUIRED)
        if issued_on is None:
            raise TrackingError(errors.DOCUMENT_DATE_REQUIRED)
        today = today or clock.today()
        if issued_on > today:
            raise TrackingError(errors.DOCUMENT_DATE_FUTURE.format(today=today.isoformat()))
        has_file = Attachment.objects.filter(document=document).exists()
        if file is None and not has_file:
            raise TrackingError(errors.DOCUMENT_FILE_REQUIRED)
        before = snapshot(document, _ISSUE_FIELDS)
        document.status = DocumentStatus.ISSUED
        document.doc_number = number[:100]
        document.issued_on = issued_on
        document.recorded_by = by
        document.recorded_at = timezone.now()
        document.save(update_fields=[*_ISSUE_FIELDS, "recorded_by", "recorded_at"])
        after = snapshot(document, _ISSUE_FIELDS)
        if file is not None:
            stored = attachments_store(task=task, by=by, uploads=[file], saved=saved, document=document)
            before["file"], after["file"] = None, stored[0].name
        audit_record(actor=by, action="document_issue", obj=document, task=task, before=before, after=after)
        return document


@transaction.atomic
def document_reopen(*, document: DocumentRef, by: User, reason: str) -> DocumentRef:
    """The supervisor sets a document back to 未出台 (recorded by mistake); its files are kept."""
    task, document = _document_lock(document)
    _supervisor_check(by, task)
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    if document.status != DocumentStatus.ISSUED:
        raise TrackingError(errors.DOCUMENT_NOT_ISSUED)
    before = snapshot(document, _ISSUE_FIELDS)
    document.status, document.doc_number, document.issued_on = DocumentStatus.PENDING, "", None
    document.save(update_fields=list(_ISSUE_FIELDS))
    after = {**snapshot(document, _ISSUE_FIELDS), "reason": reason.strip()}
    audit_record(actor=by, action="document_reopen", obj=document, task=task, before=before, after=after)
    return document


@transaction.atomic
def document_add(*, task: Task, by: User, title: str) -> DocumentRef:
    """The supervisor adds a document the task must issue that the parser missed (or read as 落实)."""
    task = task_lock(task)
    _supervisor_check(by, task)
    title = _BRACKETS.sub("", title.strip())[:300]
    if not title:
        raise TrackingError(errors.DOCUMENT_TITLE_REQUIRED)
    document = DocumentRef.objects.filter(task=task, title=title).first()
    if document is not None and document.deliverable:
        raise TrackingError(errors.DOCUMENT_EXISTS.format(title=title))
    if document is None:
        last = DocumentRef.objects.filter(task=task).aggregate(last=Max("position"))["last"]
        document = DocumentRef.objects.create(
            organization_id=task.organization_id,
            task=task,
            title=title,
            action=DocumentAction.ISSUE,
            position=0 if last is None else last + 1,
            deliverable=True,
        )
    else:
        document.deliverable = True
        document.save(update_fields=["deliverable"])
    audit_record(actor=by, action="document_add", obj=document, task=task, after={"title": title})
    return document


@transaction.atomic
def document_remove(*, document: DocumentRef, by: User) -> DocumentRef:
    """The supervisor removes a deliverable the parser took wrongly; the task's text still names it."""
    task, document = _document_lock(document)
    _supervisor_check(by, task)
    if not document.deliverable:
        raise TrackingError(errors.DOCUMENT_NOT_DELIVERABLE)
    document.deliverable = False
    document.save(update_fields=["deliverable"])
    audit_record(actor=by, action="document_remove", obj=document, task=task, after={"title": document.title})
    return document


@transaction.atomic
def documents_override(*, task: Task, by: User, reason: str) -> list[DocumentRef]:
    """The supervisor lets the task apply for 办结 before its pending documents are issued (先行办结).

    The leave is kept on each document pending now, so a document added later holds 办结 back again.
    """
    task = task_lock(task)
    _supervisor_check(by, task)
    if not reason.strip():
        raise TrackingError(errors.REASON_REQUIRED)
    documents = DocumentRef.objects.deliverables().filter(task=task).select_for_update()
    pending = [d for d in documents if rules_documents.is_blocking(d)]
    if not pending:
        raise TrackingError(errors.DOCUMENTS_NONE_PENDING)
    now = timezone.now()
    for document in pending:
        document.override_reason, document.override_by, document.override_at = reason.strip(), by, now
    DocumentRef.objects.bulk_update(pending, ["override_reason", "override_by", "override_at"])
    audit_record(
        actor=by,
        action="documents_override",
        obj=task,
        task=task,
        after={"titles": [d.title for d in pending], "reason": reason.strip()},
    )
    return pending
