"""Documents a task must issue (出台文件): list them, record one as issued with its file, correct, add,
remove, and let 办结 through before they are issued. The same services as the task page."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from duban.api.common import Id, caller
from duban.api.evidence import uploads_of
from duban.api.routers.reports import task_of
from duban.api.schemas.common import ERRORS
from duban.api.schemas.documents import (
    DeliverableOut,
    DocumentCreateIn,
    DocumentIssueIn,
    DocumentOverrideOut,
    DocumentReasonIn,
)
from duban.plans.models import DocumentRef, Task
from duban.tracking import errors, selectors
from duban.tracking.errors import TrackingError
from duban.tracking.services import documents

router = Router(tags=["文件出台"])


def _out(item: selectors.Deliverable) -> dict[str, Any]:
    document = item.document
    return {
        "id": document.pk,
        "task_id": document.task_id,
        "title": document.title,
        "status": document.status,
        "status_label": item.state_label,
        "doc_number": document.doc_number,
        "issued_on": document.issued_on,
        "override_reason": document.override_reason,
        "blocking": item.blocking,
        "file": item.file,
    }


def _listed(task: Task) -> list[dict[str, Any]]:
    return [_out(item) for item in selectors.task_deliverables([task])[task.pk]]


def _one(document: DocumentRef) -> dict[str, Any]:
    task = document.task
    found = next((d for d in _listed(task) if d["id"] == document.pk), None)
    if found is None:  # removed from the deliverables: shown as it now stands, without a file
        item = selectors.Deliverable(document=document, file=None)
        return _out(item)
    return found


def _document(request: HttpRequest, document_id: Id) -> DocumentRef:
    """A document of a task the caller may see, else 404."""
    document = DocumentRef.objects.filter(pk=document_id).select_related("task").first()
    if document is None or _task_or_none(request, document.task_id) is None:
        raise Http404("文件不存在")
    return document


def _task_or_none(request: HttpRequest, task_id: int) -> Task | None:
    return selectors.task_get_for_user(user=caller(request), task_id=task_id)


@router.get(
    "/tasks/{task_id}/documents",
    response={200: list[DeliverableOut], **ERRORS},
    operation_id="task_documents_list",
    summary="任务需出台的文件",
    description="一项任务需出台的文件及其状态（未出台/已出台）、文号、印发日期和印发文件。",
)
def task_documents_list(request: HttpRequest, task_id: Id) -> list[dict[str, Any]]:
    """The documents the task must issue, in the order the task names them."""
    return _listed(task_of(request, task_id))


@router.post(
    "/documents/{document_id}/issue",
    response={200: DeliverableOut, **ERRORS},
    operation_id="document_issue",
    summary="登记文件出台",
    description=(
        "以 multipart/form-data 登记文件已出台：文号、印发日期，"
        "字段 `files` 附一份印发文件（类型按内容识别）。"
        "牵头单位登记一次；督办员可更正（不附文件时保留原文件）。"
    ),
)
def document_issue(
    request: HttpRequest,
    document_id: Id,
    payload: Form[DocumentIssueIn],
    files: File[list[UploadedFile] | None] = None,
) -> dict[str, Any]:
    """Record a document as issued with 文号, 印发日期 and file (lead unit), or correct it (supervisor)."""
    document = _document(request, document_id)
    received = uploads_of(files)
    if len(received) > 1:
        raise TrackingError(errors.DOCUMENT_ONE_FILE)
    documents.document_issue(
        document=document,
        by=caller(request),
        doc_number=payload.doc_number,
        issued_on=payload.issued_on,
        file=received[0] if received else None,
    )
    return _one(document)


@router.post(
    "/documents/{document_id}/reopen",
    response={200: DeliverableOut, **ERRORS},
    operation_id="document_reopen",
    summary="改回未出台",
    description="督办员把误登记的文件改回未出台，须写理由；已上传的文件保留。",
)
def document_reopen(request: HttpRequest, document_id: Id, payload: DocumentReasonIn) -> dict[str, Any]:
    """Set a document back to 未出台 (supervisors)."""
    document = _document(request, document_id)
    documents.document_reopen(document=document, by=caller(request), reason=payload.reason)
    return _one(document)


@router.post(
    "/tasks/{task_id}/documents",
    response={201: DeliverableOut, **ERRORS},
    operation_id="document_create",
    summary="添加需出台的文件",
    description="督办员为任务添加解析遗漏的需出台文件。",
)
def document_create(request: HttpRequest, task_id: Id, payload: DocumentCreateIn) -> Status[dict[str, Any]]:
    """Add a document the task must issue (supervisors)."""
    added = documents.document_add(task=task_of(request, task_id), by=caller(request), title=payload.title)
    return Status(201, _one(DocumentRef.objects.select_related("task").get(pk=added.pk)))


@router.post(
    "/documents/{document_id}/remove",
    response={200: DeliverableOut, **ERRORS},
    operation_id="document_remove",
    summary="移除需出台的文件",
    description="督办员把误作需出台的文件移除（任务原文仍提及它）。",
)
def document_remove(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    """Remove a deliverable taken wrongly (supervisors)."""
    document = _document(request, document_id)
    removed = documents.document_remove(document=document, by=caller(request))
    return _out(selectors.Deliverable(document=removed, file=None))


@router.post(
    "/tasks/{task_id}/documents/override",
    response={200: DocumentOverrideOut, **ERRORS},
    operation_id="documents_override",
    summary="同意先行办结",
    description="文件未全部出台时，督办员写明理由，允许牵头单位先行申请办结；之后新增的文件不在其列。",
)
def documents_override(request: HttpRequest, task_id: Id, payload: DocumentReasonIn) -> dict[str, Any]:
    """Let the task apply for 办结 before its pending documents are issued (supervisors)."""
    task = task_of(request, task_id)
    let = {d.pk for d in documents.documents_override(task=task, by=caller(request), reason=payload.reason)}
    return {"task_id": task.pk, "documents": [d for d in _listed(task) if d["id"] in let]}
