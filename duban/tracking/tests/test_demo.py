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


def test_the_demo_has_two_ad_hoc_items_one_on_pace_and_one_lit_for_its_missed_report(demo):
    from duban.plans.models import AdhocItem

    items = list(AdhocItem.objects.select_related("task__plan").order_by("number"))
    statuses = selectors.statuses_for([item.task for item in items], today=DEMO_TODAY)

    assert [item.notice_number for item in items] == ["督办〔2025〕1号", "督办〔2025〕2号"]
    assert {item.task.plan.title for item in items} == {"2025年督办事项"}
    assert [statuses[item.task.pk].light for item in items] == [Light.GREEN, Light.RED]
    assert not demo_load().adhoc_created  # loading again registers nothing more
