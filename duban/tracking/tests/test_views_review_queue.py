"""The review queue names each plan and shows targets and evidence, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import Target
from duban.tracking.errors import REPORT_NOT_SUBMITTED
from duban.tracking.services.attachments import Upload
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task
from duban.tracking.views.review import NONE_CHOSEN


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def submit_with_evidence(personas, plan, no):
    one = task(plan, no)
    targets = {t.metric: t for t in Target.objects.filter(task=one)}
    return report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        target_values={targets["新增学位"].pk: "1800", targets["覆盖面"].pk: "91.5"},
        files=[Upload(name=f"纪要{no}.pdf", content=b"%PDF-1.7\n...")],
        submit=True,
        today=TODAY,
    )


def test_each_report_in_the_queue_names_its_plan_and_shows_its_targets_and_evidence(client, personas):
    plan = published_plan(personas, tasks=2)
    submit_with_evidence(personas, plan, 1)
    client.force_login(personas.supervisor)

    html = client.get(reverse("tracking:review")).text

    assert f'<span class="review-plan">{plan.title}</span>' in html
    assert "<dt>新增学位</dt><dd>1800个</dd>" in html and "<dt>覆盖面</dt><dd>91.5" in html
    assert "纪要1.pdf</a>" in html


def test_the_queue_costs_the_same_queries_for_5_reports_as_for_50(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.supervisor)
    url = reverse("tracking:review")
    small = published_plan(personas, tasks=10)
    for no in range(1, 10, 2):
        submit_with_evidence(personas, small, no)
    client.get(url)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url).text.count('class="review-item"') == 5

    large = published_plan(personas, tasks=100)
    for no in range(1, 100, 2):
        submit_with_evidence(personas, large, no)
    with django_assert_num_queries(len(small_queries)):
        assert client.get(url).text.count('class="review-item"') == 50


def test_approving_several_at_once_reports_what_was_approved_and_what_was_refused(client, personas):
    plan = published_plan(personas, tasks=4)
    first, second = (submit_with_evidence(personas, plan, no) for no in (1, 3))
    client.force_login(personas.supervisor)
    queue = client.get(reverse("tracking:review")).text
    assert 'form="approve-many"' in queue and "批量通过" in queue

    response = client.post(
        reverse("tracking:review_approve_many"), {"report": [first.pk, second.pk, "x"]}, follow=True
    )

    notes = [str(m) for m in response.context["messages"]]
    assert notes == ["已通过 2 条进展反馈。"]
    response = client.post(reverse("tracking:review_approve_many"), {"report": [first.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"{plan.title} 第 1 项（基础教育处）未通过：{REPORT_NOT_SUBMITTED}"
    ]


def test_approving_none_ticked_says_so_and_a_liaison_cannot_approve(client, personas):
    client.force_login(personas.supervisor)
    response = client.post(reverse("tracking:review_approve_many"), {}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [NONE_CHOSEN]

    client.force_login(personas.liaison)
    assert client.post(reverse("tracking:review_approve_many"), {"report": ["1"]}).status_code == 404


def test_a_report_approved_in_the_queue_keeps_the_quality_picked_beside_it(client, personas):
    plan = published_plan(personas, tasks=2)
    report = submit_with_evidence(personas, plan, 1)
    client.force_login(personas.supervisor)
    assert 'name="quality"' in client.get(reverse("tracking:review")).text

    url = reverse("tracking:review_decide", args=["report", report.pk])
    client.post(url, {"verdict": "approve", "quality": "poor"})

    report.refresh_from_db()
    assert (report.status, report.quality) == ("approved", "poor")


def test_an_item_decided_in_place_comes_back_as_the_queue_draws_it_with_its_targets_and_evidence(
    client, personas
):
    plan = published_plan(personas, tasks=2)
    report = submit_with_evidence(personas, plan, 1)
    client.force_login(personas.supervisor)
    url = reverse("tracking:review_decide", args=["report", report.pk])

    refused = client.post(url, {"verdict": "return", "comment": ""}, HTTP_HX_REQUEST="true").text
    done = client.post(url, {"verdict": "approve"}, HTTP_HX_REQUEST="true").text

    for html in (refused, done):
        assert html.lstrip().startswith(f'<li class="review-item" id="review-report-{report.pk}">')
        assert "<dt>新增学位</dt><dd>1800个</dd>" in html and "纪要1.pdf</a>" in html
    assert f'aria-describedby="comment-report-{report.pk}-error"' in refused and 'name="report"' in refused
    assert '<p class="done" role="status">已通过。</p>' in done and 'name="report"' not in done
