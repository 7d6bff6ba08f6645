import datetime as dt

import pytest

from duban.plans.models import PlanStatus, ReportingCycle, Task
from duban.plans.services import plan_publish, task_schedule_set
from duban.test import make_plan
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import AuditEntry


@pytest.fixture
def plan(personas):
    return make_plan(personas.org, tasks=2)


def test_a_supervisor_publishes_a_plan_with_the_default_cycle_and_dates(personas, plan):
    plan = plan_publish(plan=plan, by=personas.supervisor)

    assert plan.status == PlanStatus.PUBLISHED
    assert (plan.cycle, plan.due_day) == (ReportingCycle.MONTHLY, 25)
    assert (plan.start_date, plan.default_deadline) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert plan.published_by == personas.supervisor
    entry = AuditEntry.objects.get(action="plan_publish")
    assert entry.actor == personas.supervisor
    assert (entry.before or {})["status"] == "draft"
    assert (entry.after or {})["status"] == "published"


def test_a_plan_may_be_published_with_a_custom_cycle_and_its_own_thresholds(personas, plan):
    plan = plan_publish(
        plan=plan,
        by=personas.supervisor,
        cycle=ReportingCycle.CUSTOM,
        custom_due_dates=[dt.date(2025, 9, 30), dt.date(2025, 6, 30)],
        rules={"ahead_points": 5},
    )

    assert plan.custom_due_dates == ["2025-06-30", "2025-09-30"]
    assert plan.rules == {"ahead_points": 5}


@pytest.mark.parametrize("who", ["liaison", "leader", "outsider"])
def test_only_a_supervisor_of_the_organization_publishes(personas, plan, who):
    with pytest.raises(NotAllowed):
        plan_publish(plan=plan, by=getattr(personas, who))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"due_day": 0}, errors.DUE_DAY_OUT_OF_RANGE),
        ({"cycle": "weekly"}, errors.CYCLE_INVALID),
        ({"cycle": ReportingCycle.CUSTOM}, errors.CUSTOM_DATES_REQUIRED),
        (
            {"start_date": dt.date(2025, 3, 1), "default_deadline": dt.date(2025, 2, 1)},
            errors.DEADLINE_BEFORE_START.format(start=dt.date(2025, 3, 1)),
        ),
    ],
)
def test_bad_publishing_options_are_refused_and_change_nothing(personas, plan, options, message):
    with pytest.raises(TrackingError, match=message):
        plan_publish(plan=plan, by=personas.supervisor, **options)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_publishing_twice_is_refused(personas, plan):
    plan_publish(plan=plan, by=personas.supervisor)

    with pytest.raises(TrackingError, match=errors.PLAN_ALREADY_PUBLISHED):
        plan_publish(plan=plan, by=personas.supervisor)


def test_a_supervisor_sets_a_tasks_deadline(personas, plan):
    plan_publish(plan=plan, by=personas.supervisor)
    task = Task.objects.get(plan=plan, no="1")

    task = task_schedule_set(task=task, by=personas.supervisor, deadline=dt.date(2025, 6, 30))

    assert task.deadline == dt.date(2025, 6, 30)
    entry = AuditEntry.objects.get(task=task, action="task_schedule_set")
    assert (entry.after or {})["deadline"] == "2025-06-30"


def test_a_deadline_before_the_plans_start_is_refused(personas, plan):
    plan_publish(plan=plan, by=personas.supervisor, start_date=dt.date(2025, 3, 1))
    task = Task.objects.get(plan=plan, no="1")

    with pytest.raises(TrackingError, match="不能早于"):
        task_schedule_set(task=task, by=personas.supervisor, deadline=dt.date(2025, 2, 1))
    task.refresh_from_db()
    assert task.deadline != dt.date(2025, 2, 1)
