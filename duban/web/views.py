"""The import wizard: upload → review and edit beside the source → import. Thin views over services.

Every action is a plain form post that works without JavaScript; with htmx the same view answers with
the partial that changed (`_editor.html`, `_task_row.html`, `_upload_form.html`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.ingest import IngestError
from duban.plans.services import PlanAlreadyExists
from duban.web import drafts, services
from duban.web.access import import_permission_required, request_user
from duban.web.editor import DraftEditor
from duban.web.forms import UploadForm
from duban.web.models import ImportDraft
from duban.web.selectors import draft_get_for_user, unit_directory

IMPORT_DONE = "已导入方案《{title}》：{sections} 个板块、{tasks} 项任务。"
UNITS_CREATED = "新建单位 {count} 个：{names}。"
DRAFT_SAVED = "已保存。"
DRAFT_DISCARDED = "已放弃导入“{filename}”。"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect htmx follows as a full page load."""
    if _is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _draft(request: HttpRequest, draft_id: int) -> ImportDraft:
    draft = draft_get_for_user(user=request_user(request), draft_id=draft_id)
    if draft is None:
        raise Http404("导入草稿不存在或已过期")
    return draft


@import_permission_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a document; it is parsed into a draft, or refused with the reason."""
    user = request_user(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        assert user.organization is not None  # guaranteed by import_permission_required
        try:
            draft = services.draft_create(
                organization=user.organization,
                user=user,
                content=upload.read(),
                filename=upload.name or "plan",
                now=timezone.now(),
            )
        except IngestError as exc:
            form.add_error("file", f"无法导入“{upload.name}”：{exc}")
        else:
            return _go(request, reverse("web:import_draft", args=[draft.pk]))
    template = "web/_upload_form.html" if _is_htmx(request) else "web/import_upload.html"
    drafts_open = ImportDraft.objects.for_organization(user.organization_id).order_by("-updated_at")
    context = {
        "form": form,
        "drafts": drafts_open.select_related("created_by").defer("content", "data", "source"),
        "max_upload_mb": settings.DUBAN_MAX_UPLOAD_BYTES // 1024 // 1024,
    }
    return render(request, template, context)


@import_permission_required
def import_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Step 2: the parsed plan beside its source, every field editable; step 3: 导入."""
    draft = _draft(request, draft_id)
    if request.method != "POST":
        return _editor_page(request, draft, DraftEditor(draft.data))

    editor = DraftEditor(draft.data, request.POST)
    editor.apply()
    action, _, key = request.POST.get("action", "save").partition(":")
    if action == "import":
        return _import(request, draft, editor)

    changed = _structural_action(editor.data, action, key)
    services.draft_save(draft=draft, data=editor.data)
    if changed:
        editor.refresh()
    if _is_htmx(request):
        task = drafts.task_find(editor.data, key)
        if action == "save_row" and task is not None:
            directory = unit_directory(organization=draft.organization_id)
            row = editor.row(task, directory)
            context = {"row": row, "draft": draft, "saved": not row.form.errors}
            return render(request, "web/_task_row.html", context)
        return _editor_page(request, draft, editor, partial=True)
    if editor.has_errors:
        return _editor_page(request, draft, editor)
    if not changed:
        messages.success(request, DRAFT_SAVED)
    anchor = f"#task-{key}" if key and drafts.task_find(editor.data, key) else ""
    return redirect(reverse("web:import_draft", args=[draft.pk]) + anchor)


def _structural_action(data: drafts.DraftData, action: str, key: str) -> bool:
    """Apply an add/remove/merge; True when the draft's rows changed."""
    if action == "add_task":
        drafts.task_add(data)
    elif action == "remove_task":
        drafts.task_remove(data, key)
    elif action == "merge_task":
        return drafts.task_merge_into_previous(data, key) is not None
    elif action == "add_section":
        drafts.section_add(data)
    elif action == "remove_section":
        drafts.section_remove(data, key)
    else:
        return False
    return True


def _import(request: HttpRequest, draft: ImportDraft, editor: DraftEditor) -> HttpResponse:
    if editor.has_errors or not editor.check_importable():
        services.draft_save(draft=draft, data=editor.data)
        return _editor_page(request, draft, editor, partial=_is_htmx(request))
    services.draft_save(draft=draft, data=editor.data)
    try:
        result = services.draft_import(
            draft=draft, user=request_user(request), replace=request.POST.get("replace") == "on"
        )
    except PlanAlreadyExists as exc:
        editor.errors.append(str(exc))
        return _editor_page(request, draft, editor, partial=_is_htmx(request), duplicate=exc.plan)
    plan = result.plan
    messages.success(
        request,
        IMPORT_DONE.format(
            title=plan.title, sections=len(editor.data["sections"]), tasks=len(editor.data["tasks"])
        ),
    )
    if result.units_created:
        names = "、".join(result.units_created)
        messages.info(request, UNITS_CREATED.format(count=len(result.units_created), names=names))
    return _go(request, reverse("tracking:publish", args=[plan.pk]))


def _editor_page(
    request: HttpRequest, draft: ImportDraft, editor: DraftEditor, *, partial: bool = False, **extra: Any
) -> HttpResponse:
    directory = unit_directory(organization=draft.organization_id)
    context = {
        "draft": draft,
        "editor": editor,
        "plan": editor.data["plan"],
        "rows": editor.rows(directory),
        "unit_options": directory.options(),
        "plan_warnings": editor.data["warnings"],
        **extra,
    }
    template = "web/_editor.html" if partial else "web/import_draft.html"
    return render(request, template, context)


@require_POST
@import_permission_required
def import_discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Drop a draft without importing anything."""
    draft = _draft(request, draft_id)
    services.draft_discard(draft=draft)
    messages.info(request, DRAFT_DISCARDED.format(filename=draft.filename))
    return _go(request, reverse("web:import"))
