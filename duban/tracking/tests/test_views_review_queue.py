"""The review queue names each plan and shows targets and evidence, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import Target
from duban.tracking.services.attachments import Upload
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


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
