import datetime as dt

import pytest
from django.utils import timezone

from duban.accounts.models import User
from duban.plans.models import Milestone, MilestoneState, PlanStatus, Task, TaskState
from duban.tracking import demo_signoffs, selectors
from duban.tracking.demo import DEMO_TODAY, NODES_KEPT, NODES_MISSED
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


def test_the_demo_city_rolls_up_its_two_counties_on_a_cascaded_section_with_split_targets(
    demo, client, settings
):
    from django.urls import reverse

    from duban.accounts.models import User
    from duban.plans.models import CascadeLink
    from duban.tracking.selectors.rollup import plan_rollup

    settings.DUBAN_TODAY = DEMO_TODAY.isoformat()
    rollup = plan_rollup(plan=demo.plan, today=DEMO_TODAY)
    client.force_login(User.objects.get(username="leader"))
    dashboard = client.get(reverse("tracking:plan", args=[demo.plan.pk])).text
    client.force_login(User.objects.get(username="xiling_supervisor"))
    dongyang = CascadeLink.objects.filter(organization__name="东阳县教育局").first()
    assert dongyang is not None
    sibling_answers = {
        client.get(reverse("tracking:cascade", args=[dongyang.pk])).status_code,
        client.get(reverse("tracking:task", args=[dongyang.child_task_id])).status_code,
    }

    assert [f.organization.name for f in rollup.organizations] == ["东阳县教育局", "西岭县教育局"]
    assert [f.place for f in rollup.organizations] == [1, 2]
    places = next(t for _, t in rollup.split_targets if t.target.metric == "新增学位")
    assert places.assigned == places.target.value == 3000  # 1800 + 1200
    assert places.reached is not None and 0 < places.reached < places.target.value
    assert {line.organization.name for line in rollup.lagging} == {"西岭县教育局"}
    assert demo.cascade_created
    assert (
        "下级承接汇总" in dashboard and '<td class="num">3000个</td><td class="num">3000个</td>' in dashboard
    )
    assert sibling_answers == {404}


def test_loading_the_demo_again_cascades_nothing_again(demo):
    again = demo_load()

    assert not again.cascade_created


def test_the_demo_has_two_ad_hoc_items_one_on_pace_and_one_lit_for_its_missed_report(demo):
    from duban.plans.models import AdhocItem

    items = list(AdhocItem.objects.select_related("task__plan").order_by("number"))
    statuses = selectors.statuses_for([item.task for item in items], today=DEMO_TODAY)

    assert [item.notice_number for item in items] == ["督办〔2025〕1号", "督办〔2025〕2号"]
    assert {item.task.plan.title for item in items} == {"2025年督办事项"}
    assert [statuses[item.task.pk].light for item in items] == [Light.GREEN, Light.RED]
    assert not demo_load().adhoc_created  # loading again registers nothing more


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
