"""The supervisor's decisions through the pages: the task page's buttons and the review queue, htmx or not."""

import datetime as dt

import pytest
from django.urls import reverse

from duban.plans.models import TaskState
from duban.tracking.errors import REASON_REQUIRED
from duban.tracking.models import (
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
)
from duban.tracking.services.reports import report_save
from duban.tracking.services.requests import completion_request, extension_request
from duban.tracking.tests.helpers import TODAY, published_plan, task

HTMX = {"HTTP_HX_REQUEST": "true"}
LATER = dt.date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas):
    return published_plan(personas, tasks=2)


@pytest.fixture
def report(personas, plan) -> ProgressReport:
    return report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        submit=True,
        today=TODAY,
    )


@pytest.fixture
def completion(personas, plan) -> CompletionRequest:
    return completion_request(
        task=task(plan, 1), unit=personas.basic_ed, by=personas.liaison, reason="已印发。"
    )


@pytest.fixture
def extension(personas, plan) -> ExtensionRequest:
    return extension_request(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=LATER,
        reason="需省厅批复",
    )


@pytest.fixture
def supervisor(client, personas):
    client.force_login(personas.supervisor)
    return client


def decide_on_task_page(client, plan, **data):
    return client.post(reverse("tracking:task_action", args=[task(plan, 1).pk, "decide"]), data, follow=True)


def decide_in_review(client, kind, item, htmx=False, **data):
    headers = HTMX if htmx else {}
    return client.post(reverse("tracking:review_decide", args=[kind, item.pk]), data, **headers)


# The task page


def test_the_task_page_returns_a_report_with_its_reason(supervisor, plan, report):
    response = decide_on_task_page(
        supervisor, plan, kind="report", report=report.pk, verdict="return", comment="请补充数据"
    )

    assert response.redirect_chain[-1][0] == reverse("tracking:task", args=[task(plan, 1).pk])
    assert "已退回。" in response.text
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充数据")


def test_the_task_page_refuses_a_return_without_a_reason_and_changes_nothing(supervisor, plan, report):
    response = decide_on_task_page(
        supervisor, plan, kind="report", report=report.pk, verdict="return", comment=""
    )

    assert REASON_REQUIRED in response.text
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_task_page_approves_a_completion(supervisor, plan, completion):
    response = decide_on_task_page(
        supervisor, plan, kind="completion", request=completion.pk, verdict="approve"
    )

    assert "已同意办结。" in response.text
    done = task(plan, 1)
    assert (done.state, done.progress, done.completed_on) == (TaskState.COMPLETED, 100, TODAY)


def test_the_task_page_approves_an_extension(supervisor, plan, extension):
    response = decide_on_task_page(
        supervisor, plan, kind="extension", request=extension.pk, verdict="approve"
    )

    assert "已同意延期。" in response.text
    assert task(plan, 1).extended_deadline == LATER


def test_the_task_page_refuses_an_extension_with_a_reason(supervisor, plan, extension):
    response = decide_on_task_page(
        supervisor, plan, kind="extension", request=extension.pk, verdict="return", comment="理由不足"
    )

    assert "已不同意延期。" in response.text
    extension.refresh_from_db()
    assert extension.status == RequestStatus.REFUSED
    assert task(plan, 1).extended_deadline is None


def test_a_liaison_cannot_decide_on_the_task_page(client, personas, plan, completion):
    client.force_login(personas.liaison)

    response = decide_on_task_page(client, plan, kind="completion", request=completion.pk, verdict="approve")

    assert "您没有权限" in response.text
    assert task(plan, 1).state == TaskState.COMPLETION_REQUESTED


def test_a_request_of_another_task_does_not_exist_on_this_one(supervisor, personas, plan):
    other = completion_request(
        task=task(plan, 2), unit=personas.office, by=personas.other_liaison, reason="已完成。"
    )

    response = supervisor.post(
        reverse("tracking:task_action", args=[task(plan, 1).pk, "decide"]),
        {"kind": "completion", "request": other.pk, "verdict": "approve"},
    )

    assert response.status_code == 404
    assert task(plan, 2).state == TaskState.COMPLETION_REQUESTED


# The review queue


def test_without_javascript_approving_a_completion_goes_back_to_the_queue_with_a_message(
    supervisor, plan, completion
):
    response = decide_in_review(supervisor, "completion", completion, verdict="approve")

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:review")
    assert "已同意办结。" in supervisor.get(response["Location"]).text
    assert task(plan, 1).state == TaskState.COMPLETED


def test_without_javascript_approving_a_report_goes_back_to_the_queue_with_a_message(supervisor, report):
    response = decide_in_review(supervisor, "report", report, verdict="approve")

    assert response["Location"] == reverse("tracking:review")
    page = supervisor.get(response["Location"]).text
    assert "已通过。" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_without_javascript_a_refusal_comes_back_as_an_error_message(supervisor, extension):
    response = decide_in_review(supervisor, "extension", extension, verdict="return", comment="")

    assert response["Location"] == reverse("tracking:review")
    assert REASON_REQUIRED in supervisor.get(response["Location"]).text
    extension.refresh_from_db()
    assert extension.status == RequestStatus.PENDING


def test_with_htmx_a_completion_is_returned_in_place(supervisor, plan, completion):
    response = decide_in_review(
        supervisor, "completion", completion, htmx=True, verdict="return", comment="佐证不足"
    )

    assert response.status_code == 200
    assert "已退回办结申请。" in response.text
    assert task(plan, 1).state == TaskState.IN_PROGRESS


def test_with_htmx_an_extension_is_approved_in_place(supervisor, plan, extension):
    response = decide_in_review(supervisor, "extension", extension, htmx=True, verdict="approve")

    assert "已同意延期。" in response.text
    assert task(plan, 1).extended_deadline == LATER


def test_with_htmx_refusing_an_extension_without_a_reason_shows_it_beside_the_comment(supervisor, extension):
    response = decide_in_review(supervisor, "extension", extension, htmx=True, verdict="return", comment="")

    assert REASON_REQUIRED in response.text
    assert 'aria-invalid="true"' in response.text
    extension.refresh_from_db()
    assert extension.status == RequestStatus.PENDING
