import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import PlanStatus, Task
from duban.test import make_plan
from duban.tracking.models import Attachment, Notification, ProgressReport, ReportStatus
from duban.tracking.services.attachments import Upload
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def action_url(task, action):
    return reverse("tracking:task_action", args=[task.pk, action])


def submit_report(personas, plan, no=1):
    return report_save(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        submit=True,
        today=TODAY,
    )


def test_a_liaison_submits_a_report_with_evidence_from_the_task_page(client, personas, plan):
    one = task(plan, 1)
    target = one.targets.get(metric="新增学位")
    client.force_login(personas.liaison)

    response = client.post(
        reverse("tracking:report", args=[one.pk, personas.basic_ed.pk]),
        {
            "text": "已完成初稿。",
            "progress": "35",
            f"target_{target.pk}": "50",
            "submit": "1",
            "files": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x"),
        },
        follow=True,
    )

    assert "进展反馈已提交，等待审核。" in response.text
    report = ProgressReport.objects.get()
    assert (report.status, report.progress) == (ReportStatus.SUBMITTED, 35)
    assert "纪要.pdf" in response.text


def test_a_refused_action_shows_its_chinese_message_and_changes_nothing(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.post(
        reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk]),
        {"text": "x", "progress": "150"},
    )

    assert "进度应为 0 到 100 之间的整数。" in response.text
    assert not ProgressReport.objects.exists()


def test_a_supervisor_approves_from_the_task_page_and_a_leader_cannot(client, personas, plan):
    report = submit_report(personas, plan)
    data = {"kind": "report", "report": report.pk, "verdict": "approve"}

    client.force_login(personas.leader)
    assert "您没有权限" in client.post(action_url(report.task, "decide"), data, follow=True).text
    client.force_login(personas.supervisor)
    client.post(action_url(report.task, "decide"), data)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_the_review_queue_lists_submitted_reports_for_supervisors_only(client, personas, plan):
    submit_report(personas, plan)

    client.force_login(personas.supervisor)
    assert "基础教育处" in client.get(reverse("tracking:review")).text
    client.force_login(personas.liaison)
    assert client.get(reverse("tracking:review")).status_code == 404


def test_another_organizations_task_and_evidence_do_not_exist(client, personas, plan):
    report = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="x",
        progress=1,
        today=TODAY,
        files=[Upload(name="a.pdf", content=b"%PDF-1")],
    )
    attachment = Attachment.objects.get(report=report)
    client.force_login(personas.outsider)

    assert client.get(reverse("tracking:task", args=[report.task_id])).status_code == 404
    assert client.post(action_url(report.task, "remind"), {"message": "x"}).status_code == 404
    assert client.get(reverse("tracking:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(personas.leader)
    assert client.get(reverse("tracking:attachment", args=[attachment.pk])).status_code == 200


def test_a_supervisor_publishes_a_draft_plan_from_its_board(client, personas):
    draft = make_plan(personas.org, tasks=2)
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:publish", args=[draft.pk]), {"cycle": "quarterly", "due_day": "10"}, follow=True
    )

    draft.refresh_from_db()
    assert (draft.status, draft.cycle, draft.due_day) == (PlanStatus.PUBLISHED, "quarterly", 10)
    assert "方案已发布。" in response.text


@pytest.mark.parametrize("page", ["my_tasks", "plan", "task", "review"])
def test_page_query_counts_do_not_grow_with_the_number_of_tasks(
    client, personas, django_assert_num_queries, page
):
    def plan_with_reports(tasks):
        plan = published_plan(personas, tasks=tasks)
        for no in (1, 3):
            submit_report(personas, plan, no)
        return plan

    def url(plan):
        if page == "plan":
            return reverse("tracking:plan", args=[plan.pk])
        if page == "task":
            return reverse("tracking:task", args=[Task.objects.get(plan=plan, no="1").pk])
        return reverse(f"tracking:{page}")

    client.force_login(personas.supervisor if page == "review" else personas.liaison)
    small = plan_with_reports(4)
    client.get(url(small))
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url(small)).status_code == 200

    large = plan_with_reports(40)  # my tasks and the review queue now show both plans
    with django_assert_num_queries(len(small_queries)):
        assert client.get(url(large)).status_code == 200


def test_times_on_the_review_queue_task_page_and_notifications_carry_their_year(client, personas, plan):
    report = submit_report(personas, plan)
    moment = dt.datetime(2025, 7, 10, 6, 30, tzinfo=dt.UTC)  # 14:30 in Asia/Shanghai
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=moment)
    notice = Notification.objects.create(
        organization=personas.org, user=personas.liaison, title="催办", body="请报送。"
    )
    Notification.objects.filter(pk=notice.pk).update(created_at=moment)

    client.force_login(personas.supervisor)
    queue = client.get(reverse("tracking:review")).text
    page = client.get(reverse("tracking:task", args=[task(plan, 1).pk])).text
    client.force_login(personas.liaison)
    notices = client.get(reverse("tracking:notifications")).text

    assert "2025-07-10 14:30 提交" in queue
    assert "于 2025-07-10 14:30 提交" in page
    assert "2025-07-10 14:30" in notices
