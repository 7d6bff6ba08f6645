"""Two people acting on one task at the same moment, on PostgreSQL with one connection each."""

import threading

import pytest
from django.db import connection, connections

from duban.accounts.models import Role
from duban.test import make_personas, make_user
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.models import AuditEntry, ProgressReport, ReportStatus
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proven on PostgreSQL (DATABASE_URL=postgres://…)")


def at_once(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_supervisors_approving_one_report_at_once_approve_it_once():
    personas = make_personas()
    plan = published_plan(personas)
    report = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=40,
        submit=True,
        today=TODAY,
    )
    second = make_user(personas.org, Role.SUPERVISOR)

    outcomes = at_once(
        lambda: report_approve(report=report, by=personas.supervisor),
        lambda: report_approve(report=report, by=second),
    )

    refused = [o for o in outcomes if isinstance(o, TrackingError)]
    assert len(refused) == 1
    assert refused[0].message == errors.REPORT_NOT_SUBMITTED
    assert AuditEntry.objects.filter(action="report_approve").count() == 1
    assert ProgressReport.objects.get().status == ReportStatus.APPROVED


def test_two_liaisons_saving_the_same_cycle_at_once_keep_one_report_and_both_texts_in_the_history():
    personas = make_personas()
    plan = published_plan(personas)
    colleague = make_user(personas.org, Role.LIAISON, units=[personas.basic_ed])

    def save(user, text, progress):
        return lambda: report_save(
            task=task(plan, 1), unit=personas.basic_ed, by=user, text=text, progress=progress, today=TODAY
        )

    outcomes = at_once(save(personas.liaison, "甲的草稿", 30), save(colleague, "乙的草稿", 35))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    report = ProgressReport.objects.get()
    saves = AuditEntry.objects.filter(action="report_save").order_by("pk")
    assert [(entry.after or {}).get("text") for entry in saves][-1] == report.text
    assert len(saves) == 2
    # The second writer saw the first one's draft: its entry records the text it replaced.
    assert (saves[1].before or {})["text"] in {"甲的草稿", "乙的草稿"}
