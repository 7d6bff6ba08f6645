"""The figures kept on tasks and targets follow every service that changes their source."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from duban.plans.models import Target, Task
from duban.tracking import selectors
from duban.tracking.models import ProgressReport
from duban.tracking.services.reports import report_approve, report_return, report_save, report_withdraw
from duban.tracking.services.requests import (
    completion_approve,
    completion_request,
    completion_return,
    extension_approve,
    extension_request,
)
from duban.tracking.tests.helpers import TODAY, published_plan, task

MAY, JUNE = dt.date(2025, 5, 25), dt.date(2025, 6, 25)
fill = importlib.import_module("duban.tracking.migrations.0002_task_figures_fill")


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def report(personas, plan, *, no=1, value="300", day=TODAY, submit=True, revise=None, progress=40):
    one = task(plan, no)
    places = one.targets.get(metric="新增学位")
    return report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=progress,
        target_values={places.pk: value},
        submit=submit,
        revise=revise,
        today=day,
    )


def figures(plan, no=1):
    one = Task.objects.get(plan=plan, no=str(no))
    return one.reported_periods, one.completion_requested_on


def latest(plan, no=1):
    return Target.objects.get(task__plan=plan, task__no=str(no), metric="新增学位").latest_value


def test_a_submitted_lead_report_adds_its_cycle_and_a_draft_does_not(personas, plan):
    report(personas, plan, day=dt.date(2025, 5, 20))
    assert figures(plan) == (["2025-05-25"], None)

    report(personas, plan, submit=False)

    assert figures(plan) == (["2025-05-25"], None)


def test_a_withdrawn_report_takes_its_cycle_back(personas, plan):
    sent = report(personas, plan)
    assert figures(plan)[0] == [JUNE.isoformat()]

    report_withdraw(report=sent, by=personas.liaison)

    assert figures(plan)[0] == []


def test_a_support_report_is_not_a_lead_cycle(personas, plan):
    six = task(plan, 6)  # led by 办公室; 基础教育处 supports through 各处室
    report_save(task=six, unit=personas.basic_ed, by=personas.liaison, text="配合", submit=True, today=TODAY)

    assert figures(plan, 6)[0] == []


def test_approving_sets_the_latest_approved_value_and_returning_keeps_the_cycle(personas, plan):
    may = report(personas, plan, value="200", day=dt.date(2025, 5, 20))
    report_approve(report=may, by=personas.supervisor)
    assert latest(plan) == Decimal(200)

    june = report(personas, plan, value="350")
    report_return(report=june, by=personas.supervisor, reason="请补充材料")
    assert latest(plan) == Decimal(200)
    assert figures(plan)[0] == [MAY.isoformat(), JUNE.isoformat()]

    revised = report(personas, plan, value="320", revise=june)
    report_approve(report=revised, by=personas.supervisor)

    assert latest(plan) == Decimal(320)
    assert figures(plan)[0] == [MAY.isoformat(), JUNE.isoformat()]


def test_a_completion_request_stops_the_cycles_until_it_is_decided(personas, plan):
    def apply():
        return completion_request(
            task=task(plan, 1), unit=personas.basic_ed, by=personas.liaison, reason="已完成"
        )

    first = apply()
    assert figures(plan)[1] == timezone.localdate()

    completion_return(request=first, by=personas.supervisor, reason="材料不全")
    assert figures(plan)[1] is None

    completion_approve(request=apply(), by=personas.supervisor, today=TODAY)
    assert figures(plan)[1] is None
    assert Task.objects.get(plan=plan, no="1").completed_on == TODAY


def test_an_approved_extension_moves_the_deadline_the_status_reads(personas, plan):
    request = extension_request(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 3, 31),
        reason="等待配套政策",
    )
    extension_approve(request=request, by=personas.supervisor)

    status = selectors.task_status(task(plan, 1), today=TODAY)
    assert status.deadline == dt.date(2026, 3, 31) and status.extended


def test_the_data_migration_fills_the_figures_the_services_keep(personas, plan):
    may = report(personas, plan, value="200", day=dt.date(2025, 5, 20))
    report_approve(report=may, by=personas.supervisor)
    report(personas, plan, no=3)
    completion_request(task=task(plan, 3), unit=personas.basic_ed, by=personas.liaison, reason="已完成")
    kept = {t.pk: (t.reported_periods, t.completion_requested_on) for t in Task.objects.all()}
    values = dict(Target.objects.values_list("pk", "latest_value"))
    Task.objects.update(reported_periods=[], completion_requested_on=None)
    Target.objects.update(latest_value=None)

    fill.figures_fill(apps)

    assert {t.pk: (t.reported_periods, t.completion_requested_on) for t in Task.objects.all()} == kept
    assert dict(Target.objects.values_list("pk", "latest_value")) == values
    assert ProgressReport.objects.count() == 2
