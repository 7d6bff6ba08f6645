"""Keyset pages: the plan page by position, the review queue by submission, the audit trail by time."""

import pytest
from django.urls import reverse

from duban.plans.models import Task
from duban.tracking import selectors
from duban.tracking.models import AuditEntry, ProgressReport
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def shown(response):
    if "sections" in response.context:
        return [row.task.no for group in response.context["sections"] for row in group.rows]
    share = response.context["unit_tasks"]
    return [row.task.no for row in (*share.lead, *share.support)]


def walk(client, url):
    """Every page's task numbers, following the page's own 下一页 link."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(shown(response))
        nxt = response.context["next_page_url"]
        url = reverse("plans:detail", args=[response.context["plan"].pk]) + nxt.split("#")[0] if nxt else None
    return pages


def test_the_plan_page_shows_its_tasks_a_page_at_a_time(client, personas, monkeypatch):
    monkeypatch.setattr("duban.tracking.selectors.plan.PLAN_PAGE_SIZE", 4)
    plan = published_plan(personas, tasks=10)
    client.force_login(personas.leader)

    pages = walk(client, reverse("plans:detail", args=[plan.pk]))

    assert pages == [["1", "2", "3", "4"], ["5", "6", "7", "8"], ["9", "10"]]


@pytest.mark.parametrize("query", ["?light=red", "?state=not_started", "?q=学位", "?unit=basic_ed"])
def test_the_plan_page_pages_filtered_tasks_and_keeps_the_filters(client, personas, monkeypatch, query):
    plan = published_plan(personas, tasks=10)
    if "unit" in query:
        query = f"?unit={personas.basic_ed.pk}"
    client.force_login(personas.leader)
    url = reverse("plans:detail", args=[plan.pk]) + query
    everything = shown(client.get(url))
    monkeypatch.setattr("duban.tracking.selectors.plan.PLAN_PAGE_SIZE", 3)

    pages = walk(client, url)

    assert [no for page in pages for no in page] == everything
    assert all(len(page) <= 3 for page in pages) and len(pages) > 1


def submit(personas, plan, no):
    return report_save(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=10 * no,
        submit=True,
        today=TODAY,
    )


def test_the_review_queue_pages_reports_oldest_first(client, personas, monkeypatch):
    monkeypatch.setattr("duban.tracking.selectors.review.REVIEW_PAGE_SIZE", 2)
    plan = published_plan(personas, tasks=7)
    sent = [submit(personas, plan, no).pk for no in (1, 3, 5, 7)]  # 基础教育处 leads the odd ones
    ProgressReport.objects.filter(pk=sent[1]).update(
        submitted_at=ProgressReport.objects.get(pk=sent[0]).submitted_at
    )
    client.force_login(personas.supervisor)

    first = client.get(reverse("tracking:review")).context["queue"]
    second = client.get(reverse("tracking:review") + f"?after={first.next_cursor}").context["queue"]

    assert [r.pk for r in first.reports + second.reports] == sent
    assert first.reports_total == 4 and second.next_cursor is None


def test_a_review_queue_cursor_that_does_not_decode_is_not_found(client, personas):
    client.force_login(personas.supervisor)

    assert client.get(reverse("tracking:review") + "?after=garbage").status_code == 404


def test_the_audit_trail_pages_newest_first_without_gaps_or_repeats(personas, monkeypatch):
    plan = published_plan(personas, tasks=3)
    for _ in range(3):
        report = submit(personas, plan, 1)
        ProgressReport.objects.filter(pk=report.pk).update(status="returned")
    one = Task.objects.get(plan=plan, no="1")
    every = list(AuditEntry.objects.filter(task=one).order_by("-at", "-pk").values_list("pk", flat=True))
    AuditEntry.objects.filter(pk__in=every[:3]).update(at=AuditEntry.objects.get(pk=every[0]).at)

    seen, cursor = [], ""
    while True:
        page = selectors.audit_page(task=one, before=cursor, size=2)
        seen += [entry.pk for entry in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert seen == every and len(every) > 4


def test_the_task_page_links_to_older_audit_entries(client, personas, monkeypatch):
    monkeypatch.setattr("duban.tracking.selectors.task.AUDIT_PAGE_SIZE", 2)
    plan = published_plan(personas, tasks=3)
    submit(personas, plan, 1)
    client.force_login(personas.liaison)
    url = reverse("tracking:task", args=[Task.objects.get(plan=plan, no="1").pk])

    first = client.get(url).context["timeline"]
    older = client.get(url + f"?audit={first.audit_next}").context["timeline"]
    broken = client.get(url + "?audit=garbage")

    assert (
        len(first.audit) == 2
        and older.audit
        and {e.pk for e in first.audit}.isdisjoint(e.pk for e in older.audit)
    )
    assert broken.status_code == 200 and broken.context["timeline"].audit == first.audit
