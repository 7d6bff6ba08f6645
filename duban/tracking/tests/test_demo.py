import pytest

from duban.plans.models import PlanStatus, Task, TaskState
from duban.tracking import selectors
from duban.tracking.demo import DEMO_TODAY
from duban.tracking.demo_load import demo_load
from duban.tracking.models import AuditEntry, ExtensionRequest, ProgressReport, ReportStatus, RequestStatus
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


def test_the_demo_has_documents_issued_and_pending_and_completion_waits_for_them(demo):
    from duban.plans.models import DocumentRef, DocumentStatus
    from duban.tracking import errors
    from duban.tracking.errors import TrackingError
    from duban.tracking.services.requests import completion_request

    documents = DocumentRef.objects.deliverables().filter(task__plan=demo.plan).select_related("task")
    issued = {d.task.no: d.doc_number for d in documents if d.status == DocumentStatus.ISSUED}
    pending = [d for d in documents if d.status == DocumentStatus.PENDING]

    assert issued == {"2": "青教发〔2025〕18号", "30": "青教安〔2025〕6号"}
    assert len(pending) == 2 and any(d.override_reason for d in pending)
    eleven = Task.objects.select_related("plan").get(plan=demo.plan, no="11")
    liaison = next(user for user in demo.users if user.username == "liaison")
    with pytest.raises(TrackingError) as refused:
        completion_request(task=eleven, unit=eleven.lead_units[0], by=liaison, reason="已完成。")
    assert refused.value.message == errors.DOCUMENTS_PENDING.format(
        titles="《青川市普通高中特色示范学校评估办法》"
    )
