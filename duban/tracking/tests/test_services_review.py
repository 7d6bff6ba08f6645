"""批量通过: several reports approved at once, each through report_approve and audited; refusals per item."""

import pytest

from duban.tracking.errors import REPORT_NOT_SUBMITTED, NotAllowed
from duban.tracking.models import AuditEntry, ProgressReport, ReportStatus
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.services.review import REPORT_GONE, reports_approve
from duban.tracking.tests.helpers import TODAY, published_plan, task

pytestmark = pytest.mark.django_db


def submit(personas, plan, no):
    return report_save(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        submit=True,
        today=TODAY,
    )


def test_it_approves_each_ticked_report_with_its_own_audit_entry(personas):
    plan = published_plan(personas, tasks=6)
    ids = [submit(personas, plan, no).pk for no in (1, 3, 5)]

    outcome = reports_approve(report_ids=ids, by=personas.supervisor)

    assert [report.pk for report in outcome.approved] == ids and outcome.refused == []
    assert set(ProgressReport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        ReportStatus.APPROVED
    }
    assert AuditEntry.objects.filter(action="report_approve").count() == 3


def test_a_report_already_decided_or_of_another_organisation_is_refused_and_the_others_approved(personas):
    plan = published_plan(personas, tasks=6)
    first, second, third = (submit(personas, plan, no) for no in (1, 3, 5))
    report_approve(report=first, by=personas.supervisor)
    ProgressReport.objects.filter(pk=third.pk).update(organization=personas.other_org)  # B's, to A

    outcome = reports_approve(report_ids=[first.pk, second.pk, 10**9, third.pk], by=personas.supervisor)

    assert [report.pk for report in outcome.approved] == [second.pk]
    assert outcome.refused == [
        (f"{plan.title} 第 1 项（基础教育处）", REPORT_NOT_SUBMITTED),
        (f"编号 {10**9}", REPORT_GONE),
        (f"编号 {third.pk}", REPORT_GONE),
    ]
    third.refresh_from_db()
    assert third.status == ReportStatus.SUBMITTED


def test_only_a_supervisor_may_approve_in_bulk(personas):
    plan = published_plan(personas, tasks=2)
    report = submit(personas, plan, 1)

    with pytest.raises(NotAllowed):
        reports_approve(report_ids=[report.pk], by=personas.liaison)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
