import datetime as dt

import pytest
from django.utils import timezone

from duban.plans.models import PlanStatus, Task, TaskState
from duban.tracking import demo_signoffs, selectors
from duban.tracking.demo import DEMO_TODAY
from duban.tracking.demo_load import demo_load
from duban.tracking.models import (
    AuditEntry,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
    SignOff,
    SignOffReason,
)
from duban.tracking.rules import Light


@pytest.fixture
def demo(db):
    return demo_load()


def test_the_demo_plan_is_published_in_the_middle_of_its_year_with_every_light(demo):
    plan = demo.plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED

    tasks = list(Task.objects.filter(plan=plan).select_related("plan"))
    lights = {status.light for status in selectors.statuses_for(tasks, today=DEMO_TODAY).values()}

    assert {Light.GREEN, Light.YELLOW, Light.RED} <= lights


def test_the_demo_has_a_returned_report_an_approved_extension_and_completed_tasks(demo):
    returned = ProgressReport.objects.get(status=ReportStatus.RETURNED)
    assert ProgressReport.objects.get(revises=returned).status == ReportStatus.SUBMITTED
    extended = Task.objects.get(plan=demo.plan, no="14")
    assert extended.extended_deadline is not None and extended.deadline is not None
    assert ExtensionRequest.objects.filter(status=RequestStatus.APPROVED).exists()
    assert Task.objects.filter(plan=demo.plan, state=TaskState.COMPLETED).count() == 3
    assert AuditEntry.objects.filter(at__date__gt=DEMO_TODAY).count() == 0


def test_loading_the_demo_again_adds_no_history(demo):
    counts = (ProgressReport.objects.count(), AuditEntry.objects.count())

    again = demo_load()

    assert not again.history_created
    assert counts == (ProgressReport.objects.count(), AuditEntry.objects.count())


def test_the_demo_has_an_unsigned_unit_and_one_urge_answered_one_overdue(demo):
    unsigned = SignOff.objects.filter(plan=demo.plan, signed_at__isnull=True)
    lines = selectors.plan_unsigned(plan=demo.plan, today=DEMO_TODAY)

    assert {s.unit.name for s in unsigned.filter(reason=SignOffReason.PUBLISHED)} == {
        demo_signoffs.UNSIGNED_UNIT
    }
    assert [
        (line.signoff.task.no, line.signoff.reason) for line in lines.overdue if line.signoff.reminder
    ] == [("22", "urged")]
    answered = SignOff.objects.get(reason=SignOffReason.URGED, task__no="13", signed_at__isnull=False)
    assert answered.note.startswith("已签收") and answered.signed_at is not None
    assert timezone.localtime(answered.signed_at).date() == dt.date(2025, 7, 8)
    assert answered.reminder is not None and "产教融合" in answered.reminder.body
    assert not SignOff.objects.filter(signed_at__date__gt=DEMO_TODAY).exists()
