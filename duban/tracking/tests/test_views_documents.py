"""The task page's documents: listed issued and pending, recorded with a file, 办结 refused while pending."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import DocumentRef, DocumentStatus
from duban.tracking import errors
from duban.tracking.models import CompletionRequest
from duban.tracking.services.attachments import Upload
from duban.tracking.services.documents import document_issue
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas):
    return published_plan(personas, tasks=8)


def documents_url(plan, name, no=4):
    return reverse("tracking:document_action", args=[task(plan, no).pk, name])


def page(client, plan, no=4):
    return client.get(reverse("tracking:task", args=[task(plan, no).pk])).text


def deliverable(plan, no=4):
    return DocumentRef.objects.get(task=task(plan, no), deliverable=True)


def test_the_page_lists_the_pending_document_and_why_completion_waits(client, personas, plan):
    client.force_login(personas.other_liaison)

    html = page(client, plan)

    section = html[html.index('id="documents"') :]
    assert "文件出台情况" in html and "《第4号实施办法》" in section and "未出台" in section
    assert "尚未出台：《第4号实施办法》" in section and "登记出台" in section
    assert "同意先行办结" not in html and "添加需出台的文件" not in html  # the supervisor's forms


def test_the_lead_unit_records_the_document_from_the_page_and_the_file_is_listed(client, personas, plan):
    client.force_login(personas.other_liaison)
    document = deliverable(plan)

    response = client.post(
        documents_url(plan, "issue"),
        {
            "document": document.pk,
            "doc_number": "A教发〔2025〕12号",
            "issued_on": "2025-06-12",
            "files": SimpleUploadedFile("办法.pdf", b"%PDF-1.4 issued"),
        },
        follow=True,
    )

    assert "已登记《第4号实施办法》出台。" in response.text
    section = response.text[response.text.index('id="documents"') :]
    assert "已出台" in section and "A教发〔2025〕12号" in section and "办法.pdf" in section
    assert deliverable(plan).status == DocumentStatus.ISSUED


def test_a_record_without_a_file_is_refused_beside_the_file_field(client, personas, plan):
    client.force_login(personas.other_liaison)

    response = client.post(
        documents_url(plan, "issue"),
        {"document": deliverable(plan).pk, "doc_number": "A教发〔2025〕12号", "issued_on": "2025-06-12"},
    )

    assert response.status_code == 200
    assert f'<span class="field-error" id="document-{deliverable(plan).pk}-files_error">' in response.text
    assert errors.DOCUMENT_FILE_REQUIRED in response.text
    assert deliverable(plan).status == DocumentStatus.PENDING


def test_completion_is_refused_on_the_page_naming_the_pending_document(client, personas, plan):
    client.force_login(personas.other_liaison)

    response = client.post(
        reverse("tracking:task_action", args=[task(plan, 4).pk, "completion"]),
        {"unit": personas.office.pk, "reason": "已完成。"},
    )

    assert response.status_code == 200
    assert errors.DOCUMENTS_PENDING.format(titles="《第4号实施办法》") in response.text
    assert not CompletionRequest.objects.exists()


def test_the_supervisor_lets_completion_through_and_adds_a_document_from_the_page(client, personas, plan):
    client.force_login(personas.supervisor)

    client.post(documents_url(plan, "override"), {"reason": "待省里印发。"})
    client.post(documents_url(plan, "add", no=1), {"title": "课后服务管理办法"})

    assert deliverable(plan).override_reason == "待省里印发。"
    assert deliverable(plan, no=1).title == "课后服务管理办法"
    assert "已同意先行办结：待省里印发。" in page(client, plan)


def test_the_supervisor_removes_a_deliverable_and_another_unit_cannot(client, personas, plan):
    document = deliverable(plan)
    client.force_login(personas.liaison)  # 基础教育处 does not lead task 4
    client.post(documents_url(plan, "remove"), {"document": document.pk})
    assert DocumentRef.objects.get(pk=document.pk).deliverable

    client.force_login(personas.supervisor)
    client.post(documents_url(plan, "remove"), {"document": document.pk})

    assert not DocumentRef.objects.get(pk=document.pk).deliverable


def test_a_document_of_another_task_or_an_unknown_action_is_not_found(client, personas, plan):
    client.force_login(personas.supervisor)

    other = client.post(documents_url(plan, "remove", no=1), {"document": deliverable(plan).pk})
    unknown = client.post(documents_url(plan, "publish"), {})

    assert other.status_code == unknown.status_code == 404


@pytest.mark.parametrize("persona", ["supervisor", "other_liaison"])
def test_the_task_page_costs_the_same_queries_with_no_pending_or_issued_documents(
    client, personas, plan, persona
):
    document_issue(
        document=deliverable(plan, 8),
        by=personas.supervisor,
        doc_number="A教发〔2025〕8号",
        issued_on=TODAY,
        file=Upload(name="办法.pdf", content=b"%PDF-1.4 issued"),
        today=TODAY,
    )
    client.force_login(getattr(personas, persona))
    counts = []
    for no in (2, 4, 8):  # none, one pending, one issued with its file; all led by 办公室
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tracking:task", args=[task(plan, no).pk])).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2]
