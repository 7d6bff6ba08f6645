"""推进计划 down a cascade: the parent's approved nodes reach every 承接任务; a county cannot change them."""

import datetime as dt

import pytest

from duban.plans.models import CascadeLink, Milestone, MilestoneState, Task
from duban.plans.services import plan_publish
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.models import AuditEntry, Notification
from duban.tracking.services.cascade import cascade_units_assign, tasks_cascade
from duban.tracking.services.milestones import (
    NodeInput,
    milestone_done,
    milestones_approve,
    milestones_propose,
    milestones_set,
)
from duban.tracking.tests.helpers import published_plan, task

D = dt.date
NODES = [NodeInput(D(2025, 3, 31), "完成调研", 30), NodeInput(D(2025, 6, 30), "出台实施方案", 60)]
CHANGED = "上级任务已调整"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = "2025-07-10"


def _sent(personas, hierarchy, no: int = 1) -> tuple[Task, list[Task]]:
    """Task `no` of a city plan sent to both counties; the counties' tasks, in the counties' order."""
    parent = task(published_plan(personas), no)
    links = tasks_cascade(
        tasks=[parent], organizations=[hierarchy.county, hierarchy.sibling], by=personas.supervisor
    )
    return parent, [Task.objects.select_related("plan").get(pk=link.child_task_id) for link in links]


def _nodes(child: Task) -> list[tuple[dt.date, str, int]]:
    rows = Milestone.objects.filter(task=child, state=MilestoneState.APPROVED).order_by("position")
    return [(m.due_on, m.title, m.percent) for m in rows]


def test_nodes_approved_at_the_parent_reach_every_county_with_a_notice(personas, hierarchy):
    parent, children = _sent(personas, hierarchy)  # task 1 is led by 基础教育处, the liaison's unit
    milestones_propose(task=parent, by=personas.liaison, nodes=NODES)

    milestones_approve(task=parent, by=personas.supervisor)

    for child, supervisor in zip(
        children, (hierarchy.county_supervisor, hierarchy.sibling_supervisor), strict=True
    ):
        child.refresh_from_db()
        assert _nodes(child) == [(D(2025, 3, 31), "完成调研", 30), (D(2025, 6, 30), "出台实施方案", 60)]
        assert [n["title"] for n in child.node_figures] == ["完成调研", "出台实施方案"]
        assert Notification.objects.filter(user=supervisor, task=child, title=CHANGED).count() == 1
        entry = AuditEntry.objects.get(task=child, action="cascade_task_sync")
        assert (entry.after or {})["nodes"][0] == "2025-03-31 完成调研（30%）"


def test_nodes_set_at_the_parent_replace_the_countys_keeping_what_it_reported_done(personas, hierarchy):
    parent, children = _sent(personas, hierarchy)
    milestones_set(task=parent, by=personas.supervisor, nodes=NODES)
    child = children[0]
    plan_publish(plan=child.plan, by=hierarchy.county_supervisor)
    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])
    first = Milestone.objects.get(task=child, state=MilestoneState.APPROVED, title="完成调研")
    milestone_done(milestone=first, by=hierarchy.county_liaison, done_on=D(2025, 3, 30), evidence="调研报告")

    milestones_set(
        task=parent,
        by=personas.supervisor,
        nodes=[*NODES[:1], NodeInput(D(2025, 9, 30), "出台实施方案", 70)],
    )

    child.refresh_from_db()
    assert _nodes(child) == [(D(2025, 3, 31), "完成调研", 30), (D(2025, 9, 30), "出台实施方案", 70)]
    assert child.node_figures[0]["done"] == "2025-03-30"  # the county's own completion stays
    notices = Notification.objects.filter(user=hierarchy.county_supervisor, task=child, title=CHANGED)
    assert notices.count() == 2


def test_a_parent_without_counties_sets_its_nodes_as_before(personas):
    plan = published_plan(personas)

    made = milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)

    assert len(made) == 2 and not CascadeLink.objects.exists()
    assert not Notification.objects.filter(title=CHANGED).exists()


def test_the_county_cannot_propose_approve_or_set_the_nodes_of_its_task(personas, hierarchy):
    _, children = _sent(personas, hierarchy)
    child = children[0]
    plan_publish(plan=child.plan, by=hierarchy.county_supervisor)
    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])

    refusals = []
    for run in (
        lambda: milestones_propose(task=child, by=hierarchy.county_liaison, nodes=NODES),
        lambda: milestones_set(task=child, by=hierarchy.county_supervisor, nodes=NODES),
        lambda: milestones_approve(task=child, by=hierarchy.county_supervisor),
    ):
        with pytest.raises(TrackingError) as refused:
            run()
        refusals.append(refused.value.message)

    assert refusals == [errors.CASCADED_TASK_FIXED] * 3
    assert not Milestone.objects.filter(task=child).exists()
