import datetime as dt
from decimal import Decimal

import pytest

from duban.plans.models import TaskState
from duban.test import make_plan
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import AuditEntry, ProgressReport, ReportStatus
from duban.tracking.services.attachments import Upload
from duban.tracking.services.reports import (
    report_approve,
    report_return,
    report_save,
    report_submit,
    report_withdraw,
)
from duban.tracking.tests.helpers import TODAY, published_plan, task

PDF = Upload(name="会议纪要.pdf", content=b"%PDF-1.7\n...")


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def lead_report(personas, plan, *, submit=True, progress=40, **extra):
    return report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已完成调研，形成初稿。",
        progress=progress,
        submit=submit,
        today=TODAY,
        **extra,
    )


def test_a_lead_unit_keeps_a_draft_then_submits_it(personas, plan):
    report = lead_report(personas, plan, submit=False)

    assert report.status == ReportStatus.DRAFT
    assert report.period == dt.date(2025, 6, 25)
    assert task(plan, 1).state == TaskState.NOT_STARTED

    report = report_submit(report=report, by=personas.liaison)

    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == personas.liaison
    assert task(plan, 1).state == TaskState.IN_PROGRESS


def test_saving_again_in_the_same_cycle_updates_the_draft(personas, plan):
    first = lead_report(personas, plan, submit=False, progress=30)
    second = lead_report(personas, plan, submit=False, progress=35)

    assert first.pk == second.pk
    assert ProgressReport.objects.get().progress == 35


def test_a_report_stores_target_values_and_evidence(personas, plan):
    targets = {t.metric: t for t in task(plan, 1).targets.all()}

    report = lead_report(
        personas, plan, target_values={targets["新增学位"].pk: "80", targets["覆盖面"].pk: 91.5}, files=[PDF]
    )

    values = {v.target.metric: v.value for v in report.target_values.select_related("target")}
    assert values == {"新增学位": Decimal("80"), "覆盖面": Decimal("91.5")}
    attachment = report.attachments.get()
    assert (attachment.name, attachment.kind, attachment.size) == ("会议纪要.pdf", "pdf", len(PDF.content))
    assert attachment.file.read() == PDF.content


def test_a_support_unit_reports_its_part_without_progress(personas, plan):
    report = report_save(
        task=task(plan, 6),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="配合完成摸底。",
        submit=True,
        today=TODAY,
    )

    assert (report.role, report.progress) == ("support", None)


def test_a_submitted_report_can_be_withdrawn_before_review(personas, plan):
    report = lead_report(personas, plan)

    report = report_withdraw(report=report, by=personas.liaison)

    assert report.status == ReportStatus.DRAFT
    assert AuditEntry.objects.filter(action="report_withdraw").count() == 1


def test_approving_a_lead_report_sets_the_tasks_progress(personas, plan):
    report = lead_report(personas, plan, progress=55)

    report = report_approve(report=report, by=personas.supervisor)

    assert report.status == ReportStatus.APPROVED
    assert task(plan, 1).progress == 55


def test_a_returned_report_is_revised_as_a_new_report_and_the_history_stays(personas, plan):
    returned = report_return(
        report=lead_report(personas, plan), by=personas.supervisor, reason="缺少佐证材料"
    )

    revised = lead_report(personas, plan, revise=returned, files=[PDF])
    report_approve(report=revised, by=personas.supervisor)

    assert returned.review_comment == "缺少佐证材料"
    assert revised.revises == returned
    assert revised.period == returned.period
    statuses = list(ProgressReport.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ReportStatus.RETURNED, ReportStatus.APPROVED]


def test_every_change_to_a_report_is_audited_with_who_and_what(personas, plan):
    report = lead_report(personas, plan)
    report_approve(report=report, by=personas.supervisor)

    actions = list(
        AuditEntry.objects.filter(task=report.task).order_by("pk").values_list("action", "actor__username")
    )
    assert actions == [
        ("report_save", "liaison"),
        ("report_submit", "liaison"),
        ("task_update", "liaison"),
        ("report_approve", "supervisor"),
        ("task_update", "supervisor"),
    ]
    approve = AuditEntry.objects.get(action="report_approve")
    before, after = approve.before or {}, approve.after or {}
    assert (before["status"], after["status"]) == ("submitted", "approved")


# --- refusals: a clear message, and nothing changed ------------------------------------------------


def refused(message, call, *args, **kwargs):
    counts = (ProgressReport.objects.count(), AuditEntry.objects.count())
    with pytest.raises(TrackingError) as caught:
        call(*args, **kwargs)
    assert caught.value.message == message
    assert counts == (ProgressReport.objects.count(), AuditEntry.objects.count())


def test_a_report_on_a_task_the_unit_does_not_hold_is_refused(personas, plan):
    refused(
        errors.TASK_NOT_HELD,
        report_save,
        task=task(plan, 2),
        unit=personas.office,
        by=personas.liaison,
        text="x",
        progress=10,
        today=TODAY,
    )


@pytest.mark.parametrize("who", ["supervisor", "leader", "outsider"])
def test_only_liaisons_of_the_task_write_reports(personas, plan, who):
    with pytest.raises(NotAllowed):
        report_save(
            task=task(plan, 1), unit=personas.basic_ed, by=getattr(personas, who), text="x", progress=1
        )


@pytest.mark.parametrize(
    ("progress", "message"),
    [
        (101, errors.PROGRESS_OUT_OF_RANGE),
        (-1, errors.PROGRESS_OUT_OF_RANGE),
        ("七十", errors.PROGRESS_OUT_OF_RANGE),
        (None, errors.PROGRESS_REQUIRED),
    ],
)
def test_a_progress_outside_0_to_100_is_refused(personas, plan, progress, message):
    refused(message, lead_report, personas, plan, progress=progress)


def test_a_draft_keeps_whatever_was_typed_and_is_submitted_only_once_complete(personas, plan):
    draft = lead_report(personas, plan, submit=False, progress=None)

    refused(errors.PROGRESS_REQUIRED, report_submit, report=draft, by=personas.liaison)
    draft.refresh_from_db()
    assert (draft.status, draft.progress) == (ReportStatus.DRAFT, None)


def test_a_report_without_text_is_refused_on_submit(personas, plan):
    refused(
        errors.TEXT_REQUIRED,
        report_save,
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text=" ",
        progress=10,
        submit=True,
        today=TODAY,
    )


def test_a_target_value_of_the_wrong_kind_is_refused(personas, plan):
    target = task(plan, 1).targets.get(metric="新增学位")

    refused(
        errors.TARGET_VALUE_INVALID.format(metric="新增学位"),
        lead_report,
        personas,
        plan,
        target_values={target.pk: "很多"},
    )


def test_a_target_of_another_task_is_refused(personas, plan):
    other = task(plan, 3).targets.get(metric="覆盖面")

    refused(errors.TARGET_NOT_OF_TASK, lead_report, personas, plan, target_values={other.pk: "1"})


def test_an_attachment_too_large_or_of_a_refused_type_is_refused_and_not_stored(
    personas, plan, settings, _media_root
):
    settings.DUBAN_EVIDENCE_MAX_BYTES = 1024
    big = Upload(name="大文件.pdf", content=b"%PDF-" + b"0" * 2000)
    exe = Upload(name="报告.pdf", content=b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00")

    refused(
        errors.ATTACHMENT_TOO_LARGE.format(name="大文件.pdf", limit=0),
        lead_report,
        personas,
        plan,
        files=[big],
    )
    refused(
        errors.ATTACHMENT_TYPE_REFUSED.format(name="报告.pdf"), lead_report, personas, plan, files=[PDF, exe]
    )
    assert not list(_media_root.rglob("*.pdf"))


def test_approving_twice_is_refused(personas, plan):
    report = report_approve(report=lead_report(personas, plan), by=personas.supervisor)

    refused(errors.REPORT_NOT_SUBMITTED, report_approve, report=report, by=personas.supervisor)
    refused(errors.REPORT_NOT_SUBMITTED, report_withdraw, report=report, by=personas.liaison)


def test_a_second_report_in_a_cycle_already_submitted_is_refused(personas, plan):
    lead_report(personas, plan)

    refused(
        errors.REPORT_EXISTS.format(period=dt.date(2025, 6, 25), status="已提交"), lead_report, personas, plan
    )


def test_a_liaison_may_not_review(personas, plan):
    report = lead_report(personas, plan)

    with pytest.raises(NotAllowed):
        report_approve(report=report, by=personas.liaison)


def test_returning_needs_a_reason(personas, plan):
    refused(
        errors.REASON_REQUIRED,
        report_return,
        report=lead_report(personas, plan),
        by=personas.supervisor,
        reason=" ",
    )


def test_reporting_on_a_completed_task_is_refused(personas, plan):
    task(plan, 1).__class__.objects.filter(plan=plan, no="1").update(state=TaskState.COMPLETED)

    refused(errors.TASK_COMPLETED, lead_report, personas, plan)


def test_reporting_on_a_draft_plan_is_refused(personas):
    draft = make_plan(personas.org, tasks=1, title="草稿方案")

    refused(
        errors.PLAN_NOT_PUBLISHED,
        report_save,
        task=task(draft, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="x",
        progress=1,
    )


def test_approving_with_a_quality_rating_keeps_it_and_tells_it_in_the_trail(personas, plan):
    from duban.tracking.audit_text import audit_sentence

    report = report_approve(report=lead_report(personas, plan), by=personas.supervisor, quality="good")

    report.refresh_from_db()
    assert report.quality == "good"
    entry = AuditEntry.objects.filter(action="report_approve").get()
    assert "质量评价“良”" in audit_sentence(
        actor="督办员", action=entry.action, before=entry.before, after=entry.after
    )


def test_an_unknown_quality_rating_is_refused_and_the_report_stays_submitted(personas, plan):
    report = lead_report(personas, plan)

    with pytest.raises(TrackingError) as refused:
        report_approve(report=report, by=personas.supervisor, quality="excellent!")

    assert refused.value.message == errors.QUALITY_INVALID
    report.refresh_from_db()
    assert (report.status, report.quality) == (ReportStatus.SUBMITTED, "")
