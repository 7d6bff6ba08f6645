"""The import wizard: upload → review and edit beside the source → import. Thin views over services.

Every action is a plain form post that works without JavaScript; with htmx a task row's save answers with
that row (`jinja2/web/task_rows.jinja` with one row) and an upload with its form (`_upload_form.html`);
other actions redirect.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from duban.ingest import IngestError
from duban.plans.services import PlanAlreadyExists
from duban.web import drafts, services
from duban.web.access import import_permission_required, request_user
from duban.web.editor import FILTERS, DraftEditor, source_html
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
    """Step 2: the parsed plan beside its source, a page of tasks at a time; step 3: 导入.

    Each form (the plan, a section, a task row) posts only its own fields; 导入 posts only the action, the
    draft being on the server already.
    """
    draft = _draft(request, draft_id)
    if request.method != "POST":
        where = _where(request.GET)
        return _editor_page(request, draft, DraftEditor(draft.data), **where)

    action, _, key = request.POST.get("action", "save").partition(":")
    # A removal drops what it names: the fields posted beside it are not saved first.
    editor = DraftEditor(draft.data, None if action.startswith("remove_") else request.POST)
    editor.apply()
    where = _where(request.POST)
    if action == "import":
        return _import(request, draft, editor)

    changed = _structural_action(editor.data, action, key)
    services.draft_save(draft=draft, data=editor.data)
    if changed:
        editor.refresh()
    task = drafts.task_find(editor.data, key)
    if _is_htmx(request) and action == "save_row" and task is not None:
        directory = unit_directory(organization=draft.organization_id)
        row = editor.row(task, directory)
        context = {"rows": [row], "draft": draft, "saved": not row.errors, **where}
        return render(request, "web/task_rows.jinja", context)
    if editor.has_errors:
        return _editor_page(request, draft, editor, **where)
    if not changed:
        messages.success(request, DRAFT_SAVED)
    if action == "add_task" and editor.data["tasks"]:
        task, key = editor.data["tasks"][-1], editor.data["tasks"][-1]["key"]
        where["show"] = ""
    if task is not None:
        directory = unit_directory(organization=draft.organization_id)
        where["page"] = editor.page_of(key, where["show"], directory)
    anchor = f"#task-{key}" if task is not None else ("#h-sections" if "section" in action else "")
    return _go(request, _page_url(draft, **where) + anchor)


def _where(params: QueryDict) -> dict[str, Any]:
    """The page and filter of the task list a request came from (bad values fall back to the first page)."""
    raw = params.get("page", "1")
    page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
    show = params.get("show", "")
    return {"page": page, "show": show if show in FILTERS else ""}


def _page_url(draft: ImportDraft, *, page: int, show: str) -> str:
    query = urlencode({k: v for k, v in (("page", page if page > 1 else ""), ("show", show)) if v})
    return reverse("web:import_draft", args=[draft.pk]) + (f"?{query}" if query else "")


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
    if not editor.check_importable():
        return _editor_page(request, draft, editor, page=1, show="")
    try:
        result = services.draft_import(
            draft=draft, user=request_user(request), replace=request.POST.get("replace") == "on"
        )
    except PlanAlreadyExists as exc:
        editor.errors.append(str(exc))
        return _editor_page(request, draft, editor, page=1, show="", duplicate=exc.plan)
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
    request: HttpRequest, draft: ImportDraft, editor: DraftEditor, *, page: int, show: str, **extra: Any
) -> HttpResponse:
    directory = unit_directory(organization=draft.organization_id)
    tasks = editor.page(directory, number=page, show=show)
    context = {
        "compact": request.GET.get("view") == "table",
        "draft": draft,
        "editor": editor,
        "plan": editor.data["plan"],
        "tasks": tasks,
        "rows": tasks.rows,
        "page": tasks.number,
        "show": tasks.show,
        "filters": FILTERS,
        "task_count": len(editor.data["tasks"]),
        "without_lead": editor.tasks_without_lead(),
        "section_options": editor.section_options(),
        "unit_options": directory.options(),
        "plan_warnings": editor.data["warnings"],
        **extra,
    }
    return render(request, "web/import_draft.html", context)


@import_permission_required
def import_source(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The uploaded document's text beside the editor: loaded after the editor's first screen (htmx)."""
    draft = _draft(request, draft_id)
    context = {"draft": draft, "source": source_html(draft.source)}
    template = "web/_source.html" if _is_htmx(request) else "web/import_source.html"
    return render(request, template, context)


@require_POST
@import_permission_required
def import_discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Drop a draft without importing anything."""
    draft = _draft(request, draft_id)
    services.draft_discard(draft=draft)
    messages.info(request, DRAFT_DISCARDED.format(filename=draft.filename))
    return _go(request, reverse("web:import"))
