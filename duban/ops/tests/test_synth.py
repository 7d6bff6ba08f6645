import dataclasses
import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.accounts.models import Organization, Role, Unit, UnitKind, User
from duban.ops.synth import SynthConfig, synth_run
from duban.plans.models import CascadeLink, Plan, PlanStatus, Task, TaskState, TaskUnit, TaskUnitRole
from duban.tracking import selectors
from duban.tracking.models import (
    CompletionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
    TargetValue,
)
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES
from duban.tracking.services import figures

CONFIG = SynthConfig(orgs=2, tasks_per_plan=40, cycles=6, seed=7, org_prefix="测")
TODAY = CONFIG.as_of


@pytest.fixture
def synthetic(db, settings):
    settings.DUBAN_TODAY = TODAY.isoformat()
    return synth_run(CONFIG)


def test_synth_makes_organisations_with_units_users_and_one_published_plan_each(synthetic):
    orgs = Organization.objects.filter(pk__in=synthetic.organization_ids)
    assert orgs.count() == 2
    for org in orgs:
        units = Unit.objects.filter(organization=org)
        assert units.count() == 20
        assert units.filter(kind=UnitKind.COLLECTIVE).count() == 2
        roles = Counter(User.objects.filter(organization=org).values_list("role", flat=True))
        assert roles[Role.SUPERVISOR] == 2 and roles[Role.LEADER] == 2 and roles[Role.ADMIN] == 1
        assert roles[Role.LIAISON] >= 18
        plan = Plan.objects.get(organization=org)
        assert plan.status == PlanStatus.PUBLISHED and plan.cycle == "monthly" and plan.due_day == 25
        assert plan.tasks.count() == 40
    assert synthetic.rows["plans_task"] == 80


def test_every_task_has_one_lead_unit_or_two_and_every_table_row_its_organisation(synthetic):
    leads = Counter(TaskUnit.objects.filter(role=TaskUnitRole.LEAD).values_list("task_id", flat=True))
    assert set(leads.values()) <= {1, 2}
    assert len(leads) == Task.objects.count()
    for task in Task.objects.select_related("plan"):
        assert task.organization_id == task.plan.organization_id
    for report in ProgressReport.objects.select_related("task", "unit"):
        assert report.organization_id == report.task.organization_id == report.unit.organization_id


def test_task_state_and_progress_follow_the_reports_as_the_services_would_leave_them(synthetic):
    for task in Task.objects.all():
        lead = ProgressReport.objects.filter(task=task, role=TaskUnitRole.LEAD)
        approved = lead.filter(status=ReportStatus.APPROVED).order_by("-period").first()
        if task.state == TaskState.COMPLETED:
            assert task.progress == 100 and task.completed_on is not None
            assert CompletionRequest.objects.filter(task=task, status=RequestStatus.APPROVED).exists()
        else:
            assert task.progress == (approved.progress if approved else None)
        submitted = lead.filter(status__in=SUBMITTED_REPORT_STATUSES).exists()
        assert (task.state == TaskState.NOT_STARTED) == (not submitted)
    for value in TargetValue.objects.select_related("report", "target"):
        assert value.target.task_id == value.report.task_id


def test_the_figures_kept_on_tasks_and_targets_are_those_the_services_would_keep(synthetic):
    tasks = list(Task.objects.prefetch_related("targets"))
    ids = [task.pk for task in tasks]
    periods = figures.lead_periods(ids)
    pending = figures.completion_requests_pending(ids)
    latest = figures.latest_approved_values(ids)
    assert any(pending.values()) and latest
    for task in tasks:
        assert task.reported_periods == periods.get(task.pk, [])
        assert task.completion_requested_on == pending.get(task.pk)
        for target in task.targets.all():
            assert target.latest_value == latest.get(target.pk)


def test_the_history_has_returns_revisions_and_reports_awaiting_review(synthetic):
    statuses = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert statuses[ReportStatus.APPROVED] > statuses[ReportStatus.SUBMITTED] > 0
    assert statuses[ReportStatus.RETURNED] > 0
    assert ProgressReport.objects.filter(revises__isnull=False).exists()
    assert ProgressReport.objects.filter(role=TaskUnitRole.SUPPORT).exists()


def test_the_tracking_rules_give_every_light_to_the_synthetic_tasks(synthetic):
    tasks = list(Task.objects.select_related("plan"))
    lights = Counter(status.light.value for status in selectors.statuses_for(tasks, today=TODAY).values())
    assert lights["green"] and lights["yellow"] and lights["red"]


def _texts(organization_ids):
    tasks = Task.objects.filter(organization_id__in=organization_ids).order_by("organization_id", "position")
    return list(tasks.values_list("text", "state", "progress"))


def test_the_same_seed_makes_the_same_plans_under_another_prefix(synthetic):
    again = synth_run(dataclasses.replace(CONFIG, org_prefix="再"))
    assert _texts(synthetic.organization_ids) == _texts(again.organization_ids)


def test_the_pages_render_for_synthetic_personas(synthetic, client):
    org = synthetic.organization_ids[0]
    plan = Plan.objects.get(organization_id=org)
    supervisor = User.objects.get(organization_id=org, username="测0-supervisor")
    client.force_login(supervisor)
    for url in (
        reverse("tracking:plan", args=[plan.pk]),
        reverse("plans:detail", args=[plan.pk]),
        reverse("tracking:review"),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(organization_id=org, username="测0-liaison2"))
    assert client.get(reverse("tracking:my_tasks")).status_code == 200


def test_the_command_prints_progress_and_the_rows_it_wrote(db):
    from io import StringIO

    out = StringIO()
    call_command("synth", orgs=1, tasks_per_plan=5, cycles=2, org_prefix="令", stdout=out)
    text = out.getvalue()
    assert "1/1 个组织" in text and "plans_task" in text and "DUBAN_TODAY=2025-02-28" in text
    assert dt.date(2025, 2, 28) == SynthConfig(orgs=1, tasks_per_plan=1, cycles=2).as_of


def test_synth_builds_a_hierarchy_whose_lower_levels_hold_cascaded_tasks(db, settings):
    settings.DUBAN_TODAY = TODAY.isoformat()
    config = dataclasses.replace(CONFIG, orgs=7, levels=(1, 2, 4), tasks_per_plan=10, org_prefix="层")

    result = synth_run(config)

    orgs = list(Organization.objects.filter(pk__in=result.organization_ids).order_by("pk"))
    top, cities, counties = orgs[0], orgs[1:3], orgs[3:]
    assert top.parent_id is None
    assert all(city.parent_id == top.pk for city in cities)
    assert Counter(county.parent_id for county in counties) == {cities[0].pk: 2, cities[1].pk: 2}
    links = list(CascadeLink.objects.select_related("parent_task", "child_task"))
    assert len(links) == 6 * 2  # a fifth of each subordinate's 10 tasks
    for link in links:
        assert link.child_task.organization_id == link.organization_id
        assert link.parent_task.organization_id == link.parent_organization_id
        assert link.parent_task.position == link.child_task.position
    assert Organization.objects.children_of(top).count() == 2
    assert len(Organization.objects.descendants_of(top)) == 6


def test_synth_refuses_levels_that_are_not_numbers(db):
    with pytest.raises(CommandError, match="--levels"):
        call_command("synth", levels="1,x")
