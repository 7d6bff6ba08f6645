"""推进节点 in the rules: 序时进度 through the approved nodes, a missed node lights the task."""

import datetime as dt

from duban.plans.models import TaskState
from duban.tracking import rules
from duban.tracking.rules import Cycle, Light, Node, Pace, TaskFacts, Thresholds

D = dt.date
START, END = D(2025, 1, 1), D(2025, 12, 31)
DEFAULTS = Thresholds()
PLAN = (Node(D(2025, 3, 31), 20, "完成调研"), Node(D(2025, 6, 30), 60, "出台实施方案"))


def status(today, *, nodes=PLAN, progress=50, thresholds=DEFAULTS, **overrides):
    facts = TaskFacts(
        start=START,
        deadline=END,
        extended_deadline=None,
        state=overrides.pop("state", TaskState.IN_PROGRESS),
        progress=progress,
        reported=frozenset(rules.due_dates(Cycle(), START, today)),
        nodes=nodes,
        **overrides,
    )
    return rules.task_status(facts, cycle=Cycle(), thresholds=thresholds, today=today)


def test_expected_progress_reaches_each_nodes_percent_on_its_date():
    assert rules.node_expected(start=START, end=END, nodes=PLAN, today=D(2025, 3, 31)) == 20
    assert rules.node_expected(start=START, end=END, nodes=PLAN, today=D(2025, 6, 30)) == 60
    assert rules.node_expected(start=START, end=END, nodes=PLAN, today=END) == 100


def test_expected_progress_runs_straight_between_two_nodes():
    # 30 of the 91 days from 31 March to 30 June: a third of the way from 20 % to 60 %.
    assert rules.node_expected(start=START, end=END, nodes=PLAN, today=D(2025, 4, 30)) == 33


def test_expected_progress_is_zero_before_the_start_and_the_last_nodes_after_the_end():
    assert rules.node_expected(start=START, end=END, nodes=PLAN, today=D(2024, 12, 1)) == 0
    finish_early = (Node(D(2025, 6, 30), 100, "全面完成"),)
    assert rules.node_expected(start=START, end=END, nodes=finish_early, today=D(2025, 9, 1)) == 100


def test_a_node_that_would_lower_the_line_cannot():
    odd = (Node(D(2025, 3, 31), 50, "甲"), Node(D(2025, 6, 30), 30, "乙"))
    assert rules.node_expected(start=START, end=END, nodes=odd, today=D(2025, 6, 30)) == 50


def test_the_status_follows_the_nodes_instead_of_the_straight_line():
    day = D(2025, 6, 30)
    with_nodes = status(day, progress=60, nodes=(*PLAN[:1], Node(D(2025, 6, 30), 60, "出台实施方案", day)))
    without = status(day, progress=60, nodes=())
    assert with_nodes.expected == 60
    assert without.expected == rules.expected_progress(start=START, end=END, today=day) == 49


def test_a_node_past_its_date_and_not_done_lights_the_task_yellow_naming_the_node():
    result = status(D(2025, 7, 5), progress=70, nodes=(Node(D(2025, 6, 30), 60, "出台实施方案"),))
    assert result.pace != Pace.BEHIND
    assert result.light == Light.YELLOW
    assert result.reasons == ("节点“出台实施方案”（2025-06-30）未按期完成",)
    assert rules.is_lagging(result)


def test_a_node_missed_longer_than_the_plans_threshold_lights_the_task_red():
    node = (Node(D(2025, 6, 30), 60, "出台实施方案"),)
    assert status(D(2025, 7, 15), progress=70, nodes=node).light == Light.YELLOW  # 15 days: not yet
    result = status(D(2025, 7, 16), progress=70, nodes=node)
    assert result.light == Light.RED
    assert "节点“出台实施方案”（2025-06-30）逾期 16 天未完成" in result.reasons
    assert (
        status(D(2025, 7, 6), progress=70, nodes=node, thresholds=Thresholds(red_node_days=5)).light
        == Light.RED
    )


def test_a_node_on_its_own_date_is_not_yet_missed():
    assert (
        status(D(2025, 6, 30), progress=60, nodes=(Node(D(2025, 6, 30), 60, "出台实施方案"),)).missed_nodes
        == ()
    )


def test_a_node_reported_done_does_not_light_the_task_even_when_done_late():
    node = (Node(D(2025, 6, 30), 60, "出台实施方案", done_on=D(2025, 7, 3)),)
    assert status(D(2025, 7, 10), progress=70, nodes=node).light == Light.GREEN


def test_a_completion_reported_after_the_day_looked_at_does_not_count_then():
    # The circular rewinds to the end of its period: a node done later was still missed then.
    node = (Node(D(2025, 6, 30), 60, "出台实施方案", done_on=D(2025, 7, 20)),)
    assert status(D(2025, 7, 10), progress=70, nodes=node).missed_nodes == node


def test_a_completed_task_is_not_lit_by_a_node_left_open():
    node = (Node(D(2025, 6, 30), 60, "出台实施方案"),)
    result = status(
        D(2025, 7, 10), progress=100, nodes=node, state=TaskState.COMPLETED, completed_on=D(2025, 7, 1)
    )
    assert result.light == Light.GREEN
    assert result.missed_nodes == ()


def test_a_task_without_nodes_keeps_the_straight_line_rule():
    result = status(D(2025, 7, 2), progress=50, nodes=())
    assert result.expected == 50
    assert result.light == Light.GREEN
    assert result.missed_nodes == ()


def test_nodes_due_soon_are_the_open_ones_within_the_reminder_window():
    nodes = (
        Node(D(2025, 6, 30), 60, "甲"),
        Node(D(2025, 7, 2), 70, "乙", done_on=D(2025, 6, 29)),
        Node(D(2025, 7, 10), 80, "丙"),
    )
    assert rules.nodes_due_soon(nodes, today=D(2025, 6, 28), days_before=3) == (nodes[0],)
    assert rules.nodes_due_soon(nodes, today=D(2025, 7, 1), days_before=3) == ()
