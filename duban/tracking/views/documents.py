"""The task page's actions on the documents the task must issue (出台文件).

The lead unit records a document as issued (文号, 印发日期, the file); the supervisor corrects it, sets it
back to 未出台, adds or removes a deliverable, and lets 办结 through before the documents are issued.
A refusal comes back beside its field on the task page; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.lib.numbers import ascii_int
from duban.plans.models import DocumentRef, Task
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.forms_documents import (
    DocumentAddForm,
    DocumentIssueForm,
    DocumentReasonForm,
    document_error_to_field,
)
from duban.tracking.services import documents
from duban.tracking.services.attachments import Upload, uploads_received
from duban.tracking.views.common import user_of
from duban.tracking.views.tasks import task_of, task_page_context

ISSUED = "已登记《{title}》出台。"
REOPENED = "已将《{title}》改回未出台。"
ADDED = "已添加需出台的文件《{title}》。"
REMOVED = "已移除需出台的文件《{title}》。"
OVERRIDDEN = "已同意先行办结：{count} 个文件尚未出台。"


def _document(request: HttpRequest, task: Task) -> DocumentRef:
    found = DocumentRef.objects.filter(task=task, pk=ascii_int(request.POST.get("document", "")) or 0).first()
    if found is None:
        raise Http404("文件不存在")
    return found


def _file(request: HttpRequest) -> Upload | None:
    files = request.FILES.getlist("files")
    if len(files) > 1:
        raise TrackingError(errors.DOCUMENT_ONE_FILE)
    received = uploads_received(files)
    return received[0] if received else None


def _answer(
    request: HttpRequest, task: Task, *, key: str, form: forms.Form, run: Callable[[], str]
) -> HttpResponse:
    if form.is_valid():
        try:
            messages.success(request, run())
        except TrackingError as exc:
            document_error_to_field(form, exc.message)
        else:
            return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]) + "#documents")
    context = task_page_context(request, task, bound={key: form})
    return render(request, "tracking/task_detail.html", context, status=200)


def _issue(request: HttpRequest, task: Task) -> HttpResponse:
    document = _document(request, task)
    form = DocumentIssueForm(request.POST, request.FILES, auto_id=f"document-{document.pk}-%s")

    def run() -> str:
        documents.document_issue(
            document=document,
            by=user_of(request),
            doc_number=form.cleaned_data["doc_number"],
            issued_on=form.cleaned_data["issued_on"],
            file=_file(request),
        )
        return ISSUED.format(title=document.title)

    return _answer(request, task, key=f"document-{document.pk}", form=form, run=run)


def _reopen(request: HttpRequest, task: Task) -> HttpResponse:
    document = _document(request, task)
    form = DocumentReasonForm(request.POST, auto_id=f"document-reopen-{document.pk}-%s")

    def run() -> str:
        documents.document_reopen(document=document, by=user_of(request), reason=form.cleaned_data["reason"])
        return REOPENED.format(title=document.title)

    return _answer(request, task, key=f"document-reopen-{document.pk}", form=form, run=run)


def _add(request: HttpRequest, task: Task) -> HttpResponse:
    form = DocumentAddForm(request.POST, auto_id="document-add-%s")

    def run() -> str:
        added = documents.document_add(task=task, by=user_of(request), title=form.cleaned_data["title"])
        return ADDED.format(title=added.title)

    return _answer(request, task, key="document-add", form=form, run=run)


def _override(request: HttpRequest, task: Task) -> HttpResponse:
    form = DocumentReasonForm(request.POST, auto_id="documents-override-%s")

    def run() -> str:
        let = documents.documents_override(task=task, by=user_of(request), reason=form.cleaned_data["reason"])
        return OVERRIDDEN.format(count=len(let))

    return _answer(request, task, key="documents-override", form=form, run=run)


def _remove(request: HttpRequest, task: Task) -> HttpResponse:
    document = _document(request, task)
    try:
        documents.document_remove(document=document, by=user_of(request))
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, REMOVED.format(title=document.title))
    return HttpResponseRedirect(reverse("tracking:task", args=[task.pk]) + "#documents")


ACTIONS: dict[str, Callable[[HttpRequest, Task], HttpResponse]] = {
    "issue": _issue,
    "reopen": _reopen,
    "add": _add,
    "override": _override,
    "remove": _remove,
}


@login_required
@require_POST
def document_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    """Run one action on the task's documents and come back to its page (or show the refusal there)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("操作不存在")
    return handler(request, task_of(request, task_id))
