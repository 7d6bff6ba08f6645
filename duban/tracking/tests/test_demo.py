import pytest

from duban.accounts.models import User
from duban.plans.models import Milestone, MilestoneState, PlanStatus, Task, TaskState
from duban.tracking import selectors
from duban.tracking.demo import DEMO_TODAY, NODES_KEPT, NODES_MISSED
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


def test_the_demo_dashboard_shows_a_task_lit_by_its_missed_node_with_the_reason(demo, client, settings):
    settings.DUBAN_TODAY = DEMO_TODAY.isoformat()
    task = Task.objects.select_related("plan").get(plan=demo.plan, no=str(NODES_MISSED))
    status = selectors.task_status(task, today=DEMO_TODAY)
    reason = "节点“出台实施方案”（2025-06-30）未按期完成"
    assert status.light == Light.YELLOW
    assert reason in status.reasons
    client.force_login(User.objects.get(username="supervisor"))

    page = client.get(f"/tracking/plans/{demo.plan.pk}/").content.decode()

    assert reason in page


def test_the_demo_task_page_shows_the_nodes_and_the_pace_they_set(demo, client, settings):
    settings.DUBAN_TODAY = DEMO_TODAY.isoformat()
    task = Task.objects.select_related("plan").get(plan=demo.plan, no=str(NODES_KEPT))
    # 10 of the 92 days from 30 June (50 %) to 30 September (75 %).
    assert selectors.task_status(task, today=DEMO_TODAY).expected == 53
    assert Milestone.objects.filter(task=task, state=MilestoneState.PROPOSED).count() == 3
    client.force_login(User.objects.get(username="supervisor"))

    page = client.get(f"/tracking/tasks/{task.pk}/").content.decode()

    assert "今天应达 53%" in page
    assert "已于 2025-06-27 完成" in page
