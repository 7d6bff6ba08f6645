"""推进计划: proposed by the lead unit, approved, returned or set by a supervisor, nodes reported done."""

import datetime as dt

import pytest

from duban.plans.models import Milestone, MilestoneState
from duban.test import make_plan
from duban.tracking import errors, selectors
from duban.tracking.audit_text import audit_sentence
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import AuditEntry, Notification
from duban.tracking.rules import Light
from duban.tracking.services.milestones import (
    NodeInput,
    milestone_done,
    milestones_approve,
    milestones_propose,
    milestones_return,
    milestones_set,
)
from duban.tracking.tests.helpers import published_plan, task

D = dt.date
NODES = [NodeInput(D(2025, 6, 30), "出台实施方案", 40), NodeInput(D(2025, 3, 31), "完成调研")]


@pytest.fixture
def plan(personas, settings):
    settings.DUBAN_TODAY = "2025-07-10"
    return published_plan(personas)


def sentence(entry):
    return audit_sentence(actor="某人", action=entry.action, before=entry.before, after=entry.after)


def test_the_lead_unit_proposes_nodes_by_date_and_the_rules_ignore_them_until_approved(personas, plan):
    one = task(plan, 1)  # led by 基础教育处, the liaison's unit

    made = milestones_propose(task=one, by=personas.liaison, nodes=NODES)

    assert [(m.due_on, m.title, m.percent, m.state) for m in made] == [
        (D(2025, 3, 31), "完成调研", 20, MilestoneState.PROPOSED),  # unweighted: halfway to the next
        (D(2025, 6, 30), "出台实施方案", 40, MilestoneState.PROPOSED),
    ]
    one.refresh_from_db()
    assert one.node_figures == []
    entry = AuditEntry.objects.get(task=one, action="milestones_propose")
    assert sentence(entry).startswith("某人 提出推进计划（2 个节点）：2025-03-31 完成调研（20%）")


def test_nodes_whose_progress_goes_down_are_refused_and_nothing_is_kept(personas, plan):
    with pytest.raises(TrackingError, match="应随日期递增"):
        milestones_propose(
            task=task(plan, 1),
            by=personas.liaison,
            nodes=[NodeInput(D(2025, 3, 31), "完成调研", 60), NodeInput(D(2025, 6, 30), "出台方案", 40)],
        )
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ([], errors.NODES_REQUIRED),
        ([NodeInput(D(2026, 1, 31), "验收")], "晚于完成时限"),
        ([NodeInput(D(2025, 3, 31), "甲"), NodeInput(D(2025, 3, 31), "乙")], "重复"),
        ([NodeInput(D(2025, 3, 31), "  ")], "请填写节点内容"),
        ([NodeInput(D(2025, 3, 31), "甲", 120)], "1 到 100"),
    ],
)
def test_malformed_nodes_are_refused_with_the_reason(personas, plan, nodes, message):
    with pytest.raises(TrackingError, match=message):
        milestones_propose(task=task(plan, 1), by=personas.liaison, nodes=nodes)


def test_only_a_liaison_of_the_lead_unit_proposes(personas, plan):
    with pytest.raises(NotAllowed):
        milestones_propose(task=task(plan, 1), by=personas.other_liaison, nodes=NODES)  # not its task
    with pytest.raises(NotAllowed):
        milestones_propose(task=task(plan, 1), by=personas.leader, nodes=NODES)


def test_the_supervisor_approves_and_the_task_is_lit_by_the_missed_node(personas, plan):
    one = task(plan, 1)
    milestones_propose(task=one, by=personas.liaison, nodes=NODES)

    milestones_approve(task=one, by=personas.supervisor, comment="同意")

    one = task(plan, 1)
    assert [f["title"] for f in one.node_figures] == ["完成调研", "出台实施方案"]
    status = selectors.task_status(one, today=D(2025, 7, 10))
    assert status.light in {Light.YELLOW, Light.RED}
    assert "节点“完成调研”（2025-03-31）逾期 101 天未完成" in status.reasons
    assert Notification.objects.filter(user=personas.liaison, title__contains="推进计划已批准").exists()
    assert "批准推进计划（2 个节点）" in sentence(AuditEntry.objects.get(action="milestones_approve"))


def test_a_change_waits_beside_the_approved_nodes_and_keeps_a_node_done_when_approved(personas, plan):
    one = task(plan, 1)
    milestones_set(task=one, by=personas.supervisor, nodes=NODES)
    done = Milestone.objects.get(title="完成调研")
    milestone_done(milestone=done, by=personas.liaison, done_on=D(2025, 3, 30), evidence="调研报告")

    milestones_propose(
        task=one,
        by=personas.liaison,
        nodes=[NodeInput(D(2025, 3, 31), "完成调研", 20), NodeInput(D(2025, 9, 30), "完成试点", 70)],
    )
    one.refresh_from_db()
    assert [f["title"] for f in one.node_figures] == ["完成调研", "出台实施方案"]  # still the approved plan

    milestones_approve(task=one, by=personas.supervisor)
    one.refresh_from_db()
    assert one.node_figures == [
        {"on": "2025-03-31", "pct": 20, "title": "完成调研", "done": "2025-03-30"},
        {"on": "2025-09-30", "pct": 70, "title": "完成试点", "done": None},
    ]
    assert Milestone.objects.filter(task=one).count() == 2


def test_a_return_needs_a_comment_and_leaves_the_approved_nodes_in_force(personas, plan):
    one = task(plan, 1)
    milestones_propose(task=one, by=personas.liaison, nodes=NODES)
    with pytest.raises(TrackingError, match=errors.COMMENT_REQUIRED):
        milestones_return(task=one, by=personas.supervisor, comment=" ")

    milestones_return(task=one, by=personas.supervisor, comment="节点太少")

    assert set(Milestone.objects.values_list("state", "comment")) == {(MilestoneState.RETURNED, "节点太少")}
    assert selectors.task_milestones(task=one).return_comment == "节点太少"
    assert Notification.objects.filter(user=personas.liaison, body="节点太少").exists()
    with pytest.raises(TrackingError, match=errors.NODES_NOT_PROPOSED):
        milestones_approve(task=one, by=personas.supervisor)


def test_only_a_supervisor_decides_or_sets(personas, plan):
    one = task(plan, 1)
    milestones_propose(task=one, by=personas.liaison, nodes=NODES)
    with pytest.raises(NotAllowed):
        milestones_approve(task=one, by=personas.liaison)
    with pytest.raises(NotAllowed):
        milestones_set(task=one, by=personas.liaison, nodes=NODES)
    with pytest.raises(NotAllowed):
        milestones_return(task=one, by=personas.outsider, comment="否")


def test_a_node_is_reported_done_only_once_with_evidence_and_not_in_the_future(personas, plan):
    one = task(plan, 1)
    milestones_set(task=one, by=personas.supervisor, nodes=NODES)
    node = Milestone.objects.get(title="出台实施方案")
    with pytest.raises(TrackingError, match=errors.EVIDENCE_REQUIRED):
        milestone_done(milestone=node, by=personas.liaison, evidence="")
    with pytest.raises(TrackingError, match="不能晚于今天"):
        milestone_done(milestone=node, by=personas.liaison, done_on=D(2025, 7, 11), evidence="文号")

    milestone_done(milestone=node, by=personas.liaison, evidence="某教发〔2025〕3号")

    node.refresh_from_db()
    assert node.done_on == D(2025, 7, 10)
    with pytest.raises(TrackingError, match="已于 2025-07-10 报告完成"):
        milestone_done(milestone=node, by=personas.liaison, evidence="再次")
    text = sentence(AuditEntry.objects.get(action="milestone_done"))
    assert text == "某人 报告节点“出台实施方案”（2025-06-30）已于 2025-07-10 完成，佐证：某教发〔2025〕3号"


def test_a_proposed_node_cannot_be_reported_done(personas, plan):
    made = milestones_propose(task=task(plan, 1), by=personas.liaison, nodes=NODES)
    with pytest.raises(TrackingError, match=errors.NODE_NOT_APPROVED):
        milestone_done(milestone=made[0], by=personas.liaison, evidence="报告")


def test_a_liaison_may_not_propose_on_a_draft_plan(personas):
    draft = make_plan(personas.org, 2)
    with pytest.raises(TrackingError, match=errors.PLAN_NOT_PUBLISHED):
        milestones_propose(task=task(draft, 1), by=personas.liaison, nodes=NODES)
