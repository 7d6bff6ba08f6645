import datetime as dt

import pytest

from duban.plans.models import DocumentRef, DocumentStatus, TaskState
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import Attachment, AuditEntry, CompletionRequest
from duban.tracking.selectors import task_deliverables, task_timeline
from duban.tracking.services.attachments import Upload
from duban.tracking.services.documents import (
    document_add,
    document_issue,
    document_remove,
    document_reopen,
    documents_override,
)
from duban.tracking.services.requests import completion_request
from duban.tracking.tests.helpers import TODAY, published_plan, task

ISSUED_FILE = Upload(name="实施办法.pdf", content=b"%PDF-1.4 issued")
NUMBER = "A教发〔2025〕12号"


@pytest.fixture
def plan(personas):
    return published_plan(personas, tasks=8)


def deliverable(plan, no=4):
    """Task 4 issues 《第4号实施办法》 (duban.test); 办公室 leads it, other_liaison is its liaison."""
    return DocumentRef.objects.get(task=task(plan, no), deliverable=True)


def issue(personas, plan, *, by=None, file=ISSUED_FILE, number=NUMBER, day=dt.date(2025, 6, 12)):
    return document_issue(
        document=deliverable(plan),
        by=by or personas.other_liaison,
        doc_number=number,
        issued_on=day,
        file=file,
        today=TODAY,
    )


def apply(personas, plan, no=4):
    return completion_request(
        task=task(plan, no), unit=personas.office, by=personas.other_liaison, reason="已完成。"
    )


def test_the_import_makes_issued_documents_deliverables_and_implemented_ones_not(plan):
    documents = {d.task.no: d for d in DocumentRef.objects.select_related("task").filter(task__plan=plan)}

    assert {no for no, d in documents.items() if d.deliverable} == {"4", "8"}
    assert all(d.status == DocumentStatus.PENDING for d in documents.values())


def test_the_lead_unit_records_a_document_as_issued_with_its_number_date_and_file(personas, plan):
    document = issue(personas, plan)

    assert (document.status, document.doc_number, document.issued_on) == (
        DocumentStatus.ISSUED,
        NUMBER,
        dt.date(2025, 6, 12),
    )
    stored = Attachment.objects.get(document=document)
    assert stored.name == "实施办法.pdf" and stored.kind == "pdf" and stored.task_id == document.task_id
    assert task_deliverables([document.task])[document.task_id][0].file == stored


@pytest.mark.parametrize(
    ("number", "file", "message"),
    [
        (" ", ISSUED_FILE, errors.DOCUMENT_NUMBER_REQUIRED),
        (NUMBER, None, errors.DOCUMENT_FILE_REQUIRED),
        (NUMBER, Upload(name="办法.pdf", content=b"MZ\x90\x00 not a pdf"), errors.ATTACHMENT_TYPE_REFUSED),
    ],
)
def test_a_record_without_number_or_with_no_or_a_bad_file_is_refused_and_nothing_changes(
    personas, plan, number, file, message, _media_root
):
    with pytest.raises(TrackingError) as refused:
        issue(personas, plan, number=number, file=file)

    assert refused.value.message.startswith(message.split("“")[0])
    document = deliverable(plan)
    assert (document.status, document.doc_number) == (DocumentStatus.PENDING, "")
    assert not Attachment.objects.exists() and not AuditEntry.objects.filter(action="document_issue").exists()
    assert not list((_media_root / "evidence").rglob("*.*"))


def test_an_issue_date_after_today_is_refused(personas, plan):
    with pytest.raises(TrackingError) as refused:
        issue(personas, plan, day=TODAY + dt.timedelta(days=1))

    assert refused.value.message == errors.DOCUMENT_DATE_FUTURE.format(today=TODAY.isoformat())


@pytest.mark.parametrize("persona", ["liaison", "leader", "admin"])
def test_only_the_lead_unit_and_the_supervisor_record_a_document(personas, plan, persona):
    with pytest.raises(NotAllowed):
        issue(personas, plan, by=getattr(personas, persona))


def test_the_lead_unit_cannot_change_a_recorded_document_but_the_supervisor_corrects_it(personas, plan):
    issue(personas, plan)

    with pytest.raises(TrackingError) as refused:
        issue(personas, plan, number="错号", file=None)
    assert refused.value.message == errors.DOCUMENT_ISSUED_ALREADY

    corrected = issue(personas, plan, by=personas.supervisor, number="A教发〔2025〕13号", file=None)

    assert corrected.doc_number == "A教发〔2025〕13号"
    assert Attachment.objects.filter(document=corrected).count() == 1  # the file is kept


def test_completion_is_refused_while_a_document_is_pending_naming_it_and_nothing_changes(personas, plan):
    with pytest.raises(TrackingError) as refused:
        apply(personas, plan)

    assert refused.value.message == errors.DOCUMENTS_PENDING.format(titles="《第4号实施办法》")
    assert task(plan, 4).state == TaskState.NOT_STARTED
    assert not CompletionRequest.objects.exists()


def test_completion_goes_through_once_the_document_is_issued(personas, plan):
    issue(personas, plan)

    apply(personas, plan)

    assert task(plan, 4).state == TaskState.COMPLETION_REQUESTED


def test_the_supervisors_override_lets_completion_through_and_a_later_document_holds_it_back_again(
    personas, plan
):
    let = documents_override(task=task(plan, 4), by=personas.supervisor, reason="已报省厅，待省里印发。")

    assert [d.title for d in let] == ["第4号实施办法"]
    document_add(task=task(plan, 4), by=personas.supervisor, title="《课后服务管理办法》")
    with pytest.raises(TrackingError) as refused:
        apply(personas, plan)
    assert "《课后服务管理办法》" in refused.value.message and "第4号" not in refused.value.message

    documents_override(task=task(plan, 4), by=personas.supervisor, reason="一并先行办结。")
    apply(personas, plan)
    assert task(plan, 4).state == TaskState.COMPLETION_REQUESTED


def test_an_override_needs_a_reason_a_pending_document_and_a_supervisor(personas, plan):
    with pytest.raises(TrackingError) as no_reason:
        documents_override(task=task(plan, 4), by=personas.supervisor, reason=" ")
    with pytest.raises(TrackingError) as nothing_pending:
        documents_override(task=task(plan, 1), by=personas.supervisor, reason="理由")
    with pytest.raises(NotAllowed):
        documents_override(task=task(plan, 4), by=personas.other_liaison, reason="理由")

    assert no_reason.value.message == errors.REASON_REQUIRED
    assert nothing_pending.value.message == errors.DOCUMENTS_NONE_PENDING
    assert deliverable(plan).override_reason == ""


def test_the_supervisor_adds_a_missed_document_once_and_removes_a_wrong_one(personas, plan):
    added = document_add(task=task(plan, 1), by=personas.supervisor, title="第1号实施办法")

    assert added.deliverable and DocumentRef.objects.filter(task=task(plan, 1)).count() == 1  # the 落实 one
    with pytest.raises(TrackingError) as twice:
        document_add(task=task(plan, 1), by=personas.supervisor, title="《第1号实施办法》")
    assert twice.value.message == errors.DOCUMENT_EXISTS.format(title="第1号实施办法")

    document_remove(document=deliverable(plan), by=personas.supervisor)
    apply(personas, plan)  # nothing holds task 4 back any more
    with pytest.raises(NotAllowed):
        document_remove(document=added, by=personas.liaison)


def test_the_supervisor_sets_a_wrong_record_back_to_pending(personas, plan):
    issue(personas, plan)

    document = document_reopen(document=deliverable(plan), by=personas.supervisor, reason="文号登记错误")

    assert (document.status, document.doc_number, document.issued_on) == (DocumentStatus.PENDING, "", None)


def test_every_document_write_reads_as_a_sentence_in_the_task_trail(personas, plan):
    four = task(plan, 4)
    issue(personas, plan)
    issue(personas, plan, by=personas.supervisor, number="A教发〔2025〕13号", file=None)
    document_reopen(document=deliverable(plan), by=personas.supervisor, reason="文号登记错误")
    document_add(task=four, by=personas.supervisor, title="课后服务管理办法")
    documents_override(task=four, by=personas.supervisor, reason="待省里印发")
    document_remove(document=DocumentRef.objects.get(title="课后服务管理办法"), by=personas.supervisor)

    lines = [line.text for line in reversed(task_timeline(task=four).audit_lines)]

    assert lines == [
        f"{personas.other_liaison.display_name} 登记《第4号实施办法》已出台：文号 {NUMBER}，"
        "印发日期 2025-06-12，上传 实施办法.pdf",
        f"{personas.supervisor.display_name} 更正《第4号实施办法》出台信息：文号 A教发〔2025〕13号",
        f"{personas.supervisor.display_name} 将《第4号实施办法》改回未出台：文号登记错误",
        f"{personas.supervisor.display_name} 添加需出台的文件《课后服务管理办法》",
        f"{personas.supervisor.display_name} 同意先行办结，"
        "未出台文件《第4号实施办法》《课后服务管理办法》：待省里印发",
        f"{personas.supervisor.display_name} 移除需出台的文件《课后服务管理办法》",
    ]
