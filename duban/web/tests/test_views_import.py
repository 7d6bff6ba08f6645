"""The import wizard through HTTP: upload, review and edit, import; who may; what a bad file does."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from lxml import html

from duban.accounts.models import Role
from duban.plans.models import Plan, Task, TaskUnitRole
from duban.test import Personas, make_organization, make_user
from duban.testdata import FOUNDING_DOCUMENT
from duban.web import editor
from duban.web import forms as wizard_forms
from duban.web.models import ImportDraft

pytestmark = pytest.mark.django_db

PLAN_TEXT = """关于印发2025年工作任务分解方案的通知

各处室：
现将《2025年全市教育工作任务分解方案》印发给你们。

A市教育局
2025年3月1日

2025年全市教育工作任务分解方案

一、深化教育改革
1．推进集团化办学，新增学位600个。（牵头单位：基教处；责任单位：计财处）
2．出台《课后服务实施办法》。（牵头单位：办公室）
二、扩大优质资源
3．建设智慧校园30所。（牵头单位：信息中心）
"""


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(
    client: Client, content: bytes = PLAN_TEXT.encode(), name: str = "plan.txt", htmx: bool = False
) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("web:import"), {"file": SimpleUploadedFile(name, content)}, headers=headers)


def _draft(personas: Personas) -> ImportDraft:
    response = _upload(_client(personas.supervisor))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportDraft.objects.get()


def _page(client: Client, url: str) -> html.HtmlElement:
    return html.fromstring(client.get(url).content)


def _find(element: html.HtmlElement, path: str, **variables: str) -> list[html.HtmlElement]:
    return cast(list[html.HtmlElement], element.xpath(path, **variables))


def _task_forms(page: html.HtmlElement) -> list[html.FormElement]:
    return _find(page, '//form[contains(@class, "task-edit")]')


def _form_data(client: Client, draft: ImportDraft, form_id: str) -> dict[str, list[str]]:
    """The fields a browser posts with one form of the review page (its own, and those naming it)."""
    page = _page(client, reverse("web:import_draft", args=[draft.pk]))
    form = cast(html.FormElement, _find(page, "//form[@id=$id]", id=form_id)[0])
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    for element in _find(page, "//input[@form=$id][@name]", id=form_id):
        data.setdefault(str(element.get("name")), []).append(str(element.get("value") or ""))
    return data


def _row(client: Client, draft: ImportDraft, index: int) -> tuple[str, dict[str, list[str]]]:
    """The key of the index-th task and the fields of its row's form."""
    key = draft.data["tasks"][index]["key"]
    return key, _form_data(client, draft, f"task-{key}")


def _import(client: Client, draft: ImportDraft, **extra: str) -> Any:
    return client.post(reverse("web:import_draft", args=[draft.pk]), {"action": "import", **extra})


def _numeral(value: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(value, 10)
    return (
        ("" if tens <= 1 else digits[tens - 1]) + ("十" if tens else "") + (digits[ones - 1] if ones else "")
    )


def plan_text(tasks: int, per_section: int = 200) -> bytes:
    """A plain-text plan of `tasks` numbered tasks, in sections of `per_section`."""
    lines = [f"{tasks}项任务的工作方案", ""]
    for index in range(tasks):
        if index % per_section == 0:
            lines.append(f"{_numeral(index // per_section + 1)}、第{index // per_section + 1}部分重点工作")
        lines.append(
            f"{index + 1}．推进第{index + 1}项重点工作，新增学位{index + 10}个。（牵头单位：基教处）"
        )
    return "\n".join(lines).encode()


def test_a_supervisor_uploads_a_plan_and_reviews_it_beside_its_source(personas: Personas) -> None:
    client = _client(personas.supervisor)
    response = _upload(client)
    draft = ImportDraft.objects.get()
    assert response["Location"] == reverse("web:import_draft", args=[draft.pk])
    page = client.get(response.url).content.decode()
    assert "推进集团化办学" in page  # the editor
    source = client.get(reverse("web:import_source", args=[draft.pk]), headers={"HX-Request": "true"})
    assert "现将《2025年全市教育工作任务分解方案》印发给你们。" in source.content.decode()
    assert "新单位" in page  # 信息中心 is not in the registry
    assert "即 基础教育处" in page  # 基教处 is an alias
    assert not Plan.objects.exists()


def test_editing_a_unit_then_importing_writes_the_plan_and_drops_the_draft(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    url = reverse("web:import_draft", args=[draft.pk])
    key, row = _row(client, draft, 2)
    row[f"t-{key}-lead_units"] = ["办公室", ""]
    assert client.post(url, {**row, "action": f"save_row:{key}"}).status_code == 302
    plan_form = _form_data(client, draft, "plan-form")
    plan_form["plan-title"] = ["2025年工作任务分解方案（修订）"]
    client.post(url, {**plan_form, "action": "save"})
    response = _import(client, draft)
    plan = Plan.objects.get()
    assert response["Location"] == reverse("tracking:publish", args=[plan.pk])
    assert plan.title == "2025年工作任务分解方案（修订）"
    task = Task.objects.get(plan=plan, no="3")
    assert [u.name for u in task.units_in_role(TaskUnitRole.LEAD)] == ["办公室"]
    assert not ImportDraft.objects.exists()


def test_the_review_page_reads_in_the_same_queries_and_rows_for_any_plan_size(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    client = _client(personas.supervisor)
    small = _draft(personas)
    _upload(client, plan_text(260, per_section=20))
    large = ImportDraft.objects.exclude(pk=small.pk).get()
    pages = []
    for draft in (small, large):
        url = reverse("web:import_draft", args=[draft.pk])
        client.get(url)  # warm the session
        # session, user, draft, organisation (top bar), unit directory, unread notifications (menu)
        with django_assert_num_queries(6):
            pages.append(_page(client, url))
    large_page = pages[1]
    assert len(_task_forms(large_page)) == editor.PAGE_SIZE
    # The section choice is drawn once for the page, not in every row.
    assert not _find(large_page, '//form[contains(@class, "task-edit")]//select')
    assert len(_find(large_page, '//datalist[@id="section-names"]/option')) == 13
    # Every form of the page posts well under Django's 1,000-field limit.
    forms: list[html.FormElement] = _find(large_page, "//form")
    assert max(len(f.inputs) for f in forms) < 50
    last = client.get(reverse("web:import_draft", args=[large.pk]) + "?page=6").content.decode()
    assert "任务 260" in last and "第 6/6 页" in last


def test_saving_a_row_with_htmx_answers_with_that_row_only(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key, data = _row(client, draft, 0)
    data[f"t-{key}-text"] = ["推进集团化办学，新增学位800个。"]
    url = reverse("web:import_draft", args=[draft.pk])
    # session, user, draft, save, unit directory
    with django_assert_num_queries(5):
        response = client.post(url, {**data, "action": f"save_row:{key}"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith(f'<form id="task-{key}"')
    assert "已保存" in body
    assert "并入上一项" not in body  # the first task has nothing above it
    draft.refresh_from_db()
    assert draft.data["tasks"][0]["text"] == "推进集团化办学，新增学位800个。"


def test_a_row_with_errors_is_shown_again_with_them_and_the_draft_keeps_its_values(
    personas: Personas,
) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key, data = _row(client, draft, 1)
    data[f"t-{key}-text"] = [""]
    data[f"t-{key}-deadline"] = ["2025-13-40"]
    data[f"t-{key}-targets"] = ["随便写写"]
    data[f"t-{key}-section"] = ["九"]
    url = reverse("web:import_draft", args=[draft.pk])
    response = client.post(url, {**data, "action": f"save_row:{key}"})
    body = response.content.decode()
    assert response.status_code == 200
    assert wizard_forms.TASK_TEXT_REQUIRED in body
    assert wizard_forms.DATE_INVALID in body
    assert escape(wizard_forms.TARGET_INVALID.format(line=1)) in body
    assert escape(wizard_forms.SECTION_UNKNOWN.format(no="九")) in body
    draft.refresh_from_db()
    assert draft.data["tasks"][1]["text"] == "出台《课后服务实施办法》。"


def test_a_task_is_moved_to_another_section_by_its_number(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key, data = _row(client, draft, 0)
    assert data[f"t-{key}-section"] == ["一"]
    data[f"t-{key}-section"] = ["二"]
    client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": f"save_row:{key}"})
    draft.refresh_from_db()
    assert draft.data["tasks"][0]["section_key"] == draft.data["sections"][1]["key"]


def test_duplicate_task_numbers_stop_the_import(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key, data = _row(client, draft, 1)
    data[f"t-{key}-no"] = ["1"]
    client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": f"save_row:{key}"})
    response = _import(client, draft)
    assert wizard_forms.TASK_NO_DUPLICATE.format(no="1") in response.content.decode()
    assert not Plan.objects.exists()


def test_a_task_without_a_lead_unit_is_warned_before_import(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key, data = _row(client, draft, 2)
    data[f"t-{key}-lead_units"] = [""]
    url = reverse("web:import_draft", args=[draft.pk])
    client.post(url, {**data, "action": f"save_row:{key}"})
    page = client.get(url).content.decode()
    assert "有 1 项任务未填牵头单位" in page
    filtered = _page(client, url + "?show=no_lead")
    assert [f.get("id") for f in _task_forms(filtered)] == [f"task-{key}"]


def test_tasks_are_added_merged_and_removed_without_javascript(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    url = reverse("web:import_draft", args=[draft.pk])
    second, third = draft.data["tasks"][1]["key"], draft.data["tasks"][2]["key"]

    _, row = _row(client, draft, 1)
    client.post(url, {**row, "action": f"merge_task:{second}"})
    draft.refresh_from_db()
    assert [t["no"] for t in draft.data["tasks"]] == ["1", "3"]
    assert draft.data["tasks"][0]["text"].endswith("出台《课后服务实施办法》。")
    assert draft.data["tasks"][0]["lead_units"] == ["基教处", "办公室"]

    client.post(url, {"action": f"remove_task:{third}"})
    response = client.post(url, {"action": "add_task"})
    draft.refresh_from_db()
    assert [t["no"] for t in draft.data["tasks"]] == ["1", "2"]
    assert draft.data["tasks"][1]["text"] == ""
    assert response["Location"] == f"{url}#task-{draft.data['tasks'][1]['key']}"


def test_an_htmx_structural_action_reloads_the_page(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    url = reverse("web:import_draft", args=[draft.pk])
    response = client.post(url, {"action": "add_section", "page": "1"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"{url}#h-sections"
    draft.refresh_from_db()
    assert len(draft.data["sections"]) == 3


def test_a_section_row_saves_its_own_fields(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    key = draft.data["sections"][1]["key"]
    data = _form_data(client, draft, f"sec-{key}")
    assert set(data) == {"csrfmiddlewaretoken", f"s-{key}-no", f"s-{key}-title"}
    data[f"s-{key}-title"] = ["扩大优质教育资源"]
    client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": f"save_section:{key}"})
    draft.refresh_from_db()
    assert draft.data["sections"][1]["title"] == "扩大优质教育资源"


def test_a_bad_page_number_shows_the_first_page(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    url = reverse("web:import_draft", args=[draft.pk])
    for query in ("?page=abc", "?page=-1", "?page=99999999999", "?show=nonsense"):
        assert "推进集团化办学" in client.get(url + query).content.decode()


def test_importing_the_same_file_twice_offers_to_replace_the_plan(personas: Personas) -> None:
    client = _client(personas.supervisor)

    _upload(client)
    _import(client, ImportDraft.objects.get())
    _upload(client)
    refused = _import(client, ImportDraft.objects.get())
    assert "替换原方案" in refused.content.decode()
    assert Plan.objects.count() == 1
    replaced = _import(client, ImportDraft.objects.get(), replace="on")
    assert replaced.status_code == 302
    assert Plan.objects.count() == 1
    assert not ImportDraft.objects.exists()


def test_the_same_plan_in_another_file_also_offers_to_replace_it(personas: Personas) -> None:
    client = _client(personas.supervisor)
    _upload(client)
    _import(client, ImportDraft.objects.get())

    # The same notice and plan, saved again with a different byte (another file to the checksum).
    _upload(client, (PLAN_TEXT + "\n").encode(), name="plan-copy.txt")
    refused = _import(client, ImportDraft.objects.get())

    assert "替换原方案" in refused.content.decode()
    assert Plan.objects.count() == 1
    assert _import(client, ImportDraft.objects.get(), replace="on").status_code == 302
    assert Plan.objects.count() == 1


def test_a_plan_of_ten_thousand_tasks_imports_through_the_wizard(personas: Personas) -> None:
    client = _client(personas.supervisor)
    assert _upload(client, plan_text(10_000)).status_code == 302
    draft = ImportDraft.objects.get()
    assert len(draft.data["tasks"]) == 10_000
    url = reverse("web:import_draft", args=[draft.pk])
    first = client.get(url)
    assert first.content.decode().count('class="task-edit') == editor.PAGE_SIZE
    key, row = _row(client, draft, 0)
    row[f"t-{key}-text"] = ["推进第1项重点工作（已核对）。"]
    assert client.post(url, {**row, "action": f"save_row:{key}"}).status_code == 302
    response = _import(client, draft)
    plan = Plan.objects.get()
    assert response["Location"] == reverse("tracking:publish", args=[plan.pk])
    assert Task.objects.filter(plan=plan).count() == 10_000
    assert Task.objects.get(plan=plan, no="1").text == "推进第1项重点工作（已核对）。"


def test_a_draft_can_be_discarded(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    response = client.post(reverse("web:import_discard", args=[draft.pk]))
    assert response["Location"] == reverse("web:import")
    assert not ImportDraft.objects.exists()


@pytest.mark.parametrize("persona", ["liaison", "leader"])
def test_liaisons_and_leaders_may_not_import(personas: Personas, persona: str) -> None:
    client = _client(getattr(personas, persona))
    assert client.get(reverse("web:import")).status_code == 403
    assert _upload(client).status_code == 403
    assert not ImportDraft.objects.exists()


def test_an_admin_may_import(personas: Personas) -> None:
    admin = make_user(personas.org, Role.ADMIN)
    assert _client(admin).get(reverse("web:import")).status_code == 200


def test_a_draft_of_another_organisation_is_not_found(personas: Personas) -> None:
    draft = _draft(personas)
    client = _client(personas.outsider)
    assert client.get(reverse("web:import_draft", args=[draft.pk])).status_code == 404
    assert client.post(reverse("web:import_discard", args=[draft.pk])).status_code == 404
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_signed_out_visitors_are_sent_to_the_login_page(db: None) -> None:
    response = Client().get(reverse("web:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ...", "不支持该类型的文件"),
        ("plan.txt", b"", wizard_forms.UPLOAD_EMPTY),
        ("plan.docx", b"this is not a zip", "无法导入“plan.docx”"),
        ("plan.txt", "这份文件只有一段话，没有任何编号任务。".encode(), "无法导入“plan.txt”"),
    ],
)
def test_a_bad_upload_is_refused_with_a_reason_and_writes_nothing(
    personas: Personas, name: str, content: bytes, message: str
) -> None:
    response = _upload(_client(personas.supervisor), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists()
    assert not Plan.objects.exists()


def test_a_doc_without_libreoffice_is_refused_with_what_to_install_and_writes_nothing(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # the soffice lookup finds nothing
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048  # a Word 97-2003 container

    response = _upload(_client(personas.supervisor), content, "方案.doc")

    assert response.status_code == 200
    assert "读取 .doc 文件需要 LibreOffice" in response.content.decode()
    assert not ImportDraft.objects.exists()
    assert not Plan.objects.exists()


def test_a_file_over_the_size_limit_is_refused(personas: Personas, settings: Any) -> None:
    settings.DUBAN_MAX_UPLOAD_BYTES = 100
    response = _upload(_client(personas.supervisor))
    assert "超过上限" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_an_htmx_upload_answers_with_the_form_or_a_redirect(personas: Personas) -> None:
    client = _client(personas.supervisor)
    refused = _upload(client, b"", "plan.txt", htmx=True)
    assert refused.content.decode().startswith('<form id="upload-form"')
    accepted = _upload(client, htmx=True)
    assert accepted["HX-Redirect"] == reverse("web:import_draft", args=[ImportDraft.objects.get().pk])


def test_the_founding_document_uploads_with_its_hundred_tasks(personas: Personas) -> None:
    content = Path(FOUNDING_DOCUMENT).read_bytes()
    _upload(_client(personas.supervisor), content, FOUNDING_DOCUMENT.name)
    draft = ImportDraft.objects.get()
    assert len(draft.data["tasks"]) == 100
    assert len(draft.data["sections"]) == 7


def test_the_upload_page_lists_unfinished_drafts_of_the_organisation_only(personas: Personas) -> None:
    _draft(personas)
    other_supervisor = make_user(make_organization(), Role.SUPERVISOR)
    assert "plan.txt" in _client(personas.supervisor).get(reverse("web:import")).content.decode()
    assert "plan.txt" not in _client(other_supervisor).get(reverse("web:import")).content.decode()


def test_the_source_is_loaded_after_the_editor_and_readable_without_javascript(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    page = client.get(reverse("web:import_draft", args=[draft.pk])).content.decode()
    source_url = reverse("web:import_source", args=[draft.pk])
    assert "现将《2025年全市教育工作任务分解方案》印发给你们。" not in page
    assert f'href="{source_url}"' in page
    partial = client.get(source_url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith("<p>关于印发2025年工作任务分解方案的通知</p>")
    whole = client.get(source_url).content.decode()
    assert "<html" in whole and "现将《2025年全市教育工作任务分解方案》印发给你们。" in whole
    assert _client(personas.outsider).get(source_url).status_code == 404
