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


def _form_data(client: Client, draft: ImportDraft) -> dict[str, list[str]]:
    """The editor's fields as a browser would post them."""
    page = html.fromstring(client.get(reverse("web:import_draft", args=[draft.pk])).content)
    editor = cast(list[html.FormElement], page.xpath('//form[@id="editor"]'))[0]
    data: dict[str, list[str]] = {}
    for name, value in editor.form_values():
        data.setdefault(name, []).append(value)
    return data


def test_a_supervisor_uploads_a_plan_and_reviews_it_beside_its_source(personas: Personas) -> None:
    client = _client(personas.supervisor)
    response = _upload(client)
    draft = ImportDraft.objects.get()
    assert response["Location"] == reverse("web:import_draft", args=[draft.pk])
    page = client.get(response.url).content.decode()
    assert "推进集团化办学" in page  # the editor
    assert "现将《2025年全市教育工作任务分解方案》印发给你们。" in page  # the source panel
    assert "新单位" in page  # 信息中心 is not in the registry
    assert "即 基础教育处" in page  # 基教处 is an alias
    assert not Plan.objects.exists()


def test_editing_a_unit_then_importing_writes_the_plan_and_drops_the_draft(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    data = _form_data(client, draft)
    third = draft.data["tasks"][2]["key"]
    data[f"t-{third}-lead_units"] = ["办公室", ""]
    data["plan-title"] = ["2025年工作任务分解方案（修订）"]
    response = client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": "import"})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("tracking:publish", args=[plan.pk])
    assert plan.title == "2025年工作任务分解方案（修订）"
    task = Task.objects.get(plan=plan, no="3")
    assert [u.name for u in task.units_in_role(TaskUnitRole.LEAD)] == ["办公室"]
    assert not ImportDraft.objects.exists()


def test_the_review_page_reads_in_a_fixed_number_of_queries(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    client.get(reverse("web:import_draft", args=[draft.pk]))  # warm the session
    # session, user, draft, organisation (top bar), unit directory
    with django_assert_num_queries(5):
        client.get(reverse("web:import_draft", args=[draft.pk]))


def test_saving_a_row_with_htmx_answers_with_that_row_only(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    data = _form_data(client, draft)
    key = draft.data["tasks"][0]["key"]
    data[f"t-{key}-text"] = ["推进集团化办学，新增学位800个。"]
    url = reverse("web:import_draft", args=[draft.pk])
    # session, user, draft, save, unit directory, organisation (top bar of nothing: partial has none)
    with django_assert_num_queries(5):
        response = client.post(url, {**data, "action": f"save_row:{key}"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith(f'<fieldset id="task-{key}"')
    assert "已保存" in body
    draft.refresh_from_db()
    assert draft.data["tasks"][0]["text"] == "推进集团化办学，新增学位800个。"


def test_errors_are_shown_beside_the_field_and_nothing_is_imported(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    data = _form_data(client, draft)
    key = draft.data["tasks"][1]["key"]
    data[f"t-{key}-text"] = [""]
    data[f"t-{key}-deadline"] = ["2025-13-40"]
    data[f"t-{key}-targets"] = ["随便写写"]
    response = client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": "import"})
    body = response.content.decode()
    assert response.status_code == 200
    assert wizard_forms.TASK_TEXT_REQUIRED in body
    assert wizard_forms.DATE_INVALID in body
    assert escape(wizard_forms.TARGET_INVALID.format(line=1)) in body
    assert not Plan.objects.exists()
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_duplicate_task_numbers_stop_the_import(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    data = _form_data(client, draft)
    data[f"t-{draft.data['tasks'][1]['key']}-no"] = ["1"]
    response = client.post(reverse("web:import_draft", args=[draft.pk]), {**data, "action": "import"})
    assert wizard_forms.TASK_NO_DUPLICATE.format(no="1") in response.content.decode()
    assert not Plan.objects.exists()


def test_tasks_are_added_merged_and_removed_without_javascript(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    url = reverse("web:import_draft", args=[draft.pk])
    second, third = draft.data["tasks"][1]["key"], draft.data["tasks"][2]["key"]

    client.post(url, {**_form_data(client, draft), "action": f"merge_task:{second}"})
    draft.refresh_from_db()
    assert [t["no"] for t in draft.data["tasks"]] == ["1", "3"]
    assert draft.data["tasks"][0]["text"].endswith("出台《课后服务实施办法》。")
    assert draft.data["tasks"][0]["lead_units"] == ["基教处", "办公室"]

    client.post(url, {**_form_data(client, draft), "action": f"remove_task:{third}"})
    client.post(url, {**_form_data(client, draft), "action": "add_task"})
    draft.refresh_from_db()
    assert [t["no"] for t in draft.data["tasks"]] == ["1", "2"]
    assert draft.data["tasks"][1]["text"] == ""


def test_an_htmx_structural_action_answers_with_the_editor(personas: Personas) -> None:
    client = _client(personas.supervisor)
    draft = _draft(personas)
    response = client.post(
        reverse("web:import_draft", args=[draft.pk]),
        {**_form_data(client, draft), "action": "add_section"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().startswith('<form id="editor"')
    draft.refresh_from_db()
    assert len(draft.data["sections"]) == 3


def test_importing_the_same_file_twice_offers_to_replace_the_plan(personas: Personas) -> None:
    client = _client(personas.supervisor)

    def import_draft(**extra: str) -> Any:
        draft = ImportDraft.objects.get()
        url = reverse("web:import_draft", args=[draft.pk])
        return client.post(url, {**_form_data(client, draft), "action": "import", **extra})

    _upload(client)
    import_draft()
    _upload(client)
    refused = import_draft()
    assert "替换原方案" in refused.content.decode()
    assert Plan.objects.count() == 1
    replaced = import_draft(replace="on")
    assert replaced.status_code == 302
    assert Plan.objects.count() == 1
    assert not ImportDraft.objects.exists()


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
