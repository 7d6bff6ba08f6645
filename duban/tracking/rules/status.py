"""One task's status on one day: expected progress, pace, missed cycles and nodes, overdue and light."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.plans.models import TaskState
from duban.tracking.rules.dates import (
    Cycle,
    Missed,
    due_date_tuple,
    expected_progress,
    is_overdue,
    missed_cycles,
    pace,
)
from duban.tracking.rules.milestones import Node, node_expected, nodes_missed
from duban.tracking.rules.thresholds import Light, Pace, Thresholds


@dataclass(frozen=True)
class TaskFacts:
    """What the rules need to know about a task, read from its history."""

    start: dt.date
    deadline: dt.date  # as issued (or the plan's default)
    extended_deadline: dt.date | None
    state: str
    progress: int | None
    completed_on: dt.date | None = None
    suspended: bool = False
    reported: frozenset[dt.date] = frozenset()  # cycles with a submitted lead report
    stopped_on: dt.date | None = None  # reports are no longer owed after this (completion requested)
    nodes: tuple[Node, ...] = ()  # the approved 推进节点, by date; none: the straight line and no node rule


@dataclass(frozen=True)
class TaskStatus:
    """The state of a task on one day, as the rules see it."""

    state: str
    deadline: dt.date
    extended: bool
    expected: int
    progress: int
    pace: Pace
    light: Light
    missed: Missed
    overdue: bool
    completed_on_time: bool
    reasons: tuple[str, ...] = field(default=())
    missed_nodes: tuple[Node, ...] = ()  # approved nodes past their date and not done


def task_status(facts: TaskFacts, *, cycle: Cycle, thresholds: Thresholds, today: dt.date) -> TaskStatus:
    """Expected progress, pace, missed cycles, overdue and light of a task on `today`."""
    deadline = facts.extended_deadline or facts.deadline
    completed = facts.state == TaskState.COMPLETED
    progress = 100 if completed else facts.progress or 0
    if facts.nodes:
        expected = node_expected(start=facts.start, end=deadline, nodes=facts.nodes, today=today)
    else:
        expected = expected_progress(start=facts.start, end=deadline, today=today)
    late_nodes = () if completed else nodes_missed(facts.nodes, today=today)
    owed_until = min(d for d in (deadline, facts.stopped_on, facts.completed_on) if d is not None)
    owed = due_date_tuple(cycle, facts.start, owed_until)
    missed = missed_cycles(owed=owed, reported=facts.reported, today=today)
    overdue = is_overdue(
        deadline=deadline, completed_on=facts.completed_on if completed else None, today=today
    )
    current_pace = Pace.ON if completed else pace(progress=progress, expected=expected, thresholds=thresholds)
    light, reasons = _light(
        facts=facts,
        deadline=deadline,
        progress=progress,
        expected=expected,
        current_pace=current_pace,
        missed=missed,
        late_nodes=late_nodes,
        thresholds=thresholds,
        today=today,
    )
    return TaskStatus(
        state=facts.state,
        deadline=deadline,
        extended=facts.extended_deadline is not None,
        expected=expected,
        progress=progress,
        pace=current_pace,
        light=light,
        missed=missed,
        overdue=overdue,
        completed_on_time=completed and not overdue,
        reasons=tuple(reasons),
        missed_nodes=late_nodes,
    )


def _light(
    *,
    facts: TaskFacts,
    deadline: dt.date,
    progress: int,
    expected: int,
    current_pace: Pace,
    missed: Missed,
    late_nodes: tuple[Node, ...],
    thresholds: Thresholds,
    today: dt.date,
) -> tuple[Light, list[str]]:
    if facts.suspended:
        return Light.NONE, ["已中止"]
    if facts.state == TaskState.COMPLETED:
        return Light.GREEN, []
    red: list[str] = []
    if today > deadline:
        red.append(f"已超过完成时限（{deadline:%Y-%m-%d}）")
    if expected - progress > thresholds.red_behind_points:
        red.append(f"落后序时进度 {expected - progress} 个百分点")
    if missed.in_a_row >= thresholds.red_missed_cycles:
        red.append(f"连续 {missed.in_a_row} 期未报送")
    for node in late_nodes:
        days = (today - node.due_on).days
        if days > thresholds.red_node_days:
            red.append(f"节点“{node.title}”（{node.due_on:%Y-%m-%d}）逾期 {days} 天未完成")
    if red:
        return Light.RED, red
    yellow: list[str] = []
    if current_pace == Pace.BEHIND:
        yellow.append(f"欠进度（序时 {expected}%，实际 {progress}%）")
    if missed.in_a_row >= thresholds.yellow_missed_cycles:
        yellow.append(f"{missed.in_a_row} 期未报送")
    for node in late_nodes:
        yellow.append(f"节点“{node.title}”（{node.due_on:%Y-%m-%d}）未按期完成")
    if (deadline - today).days <= thresholds.due_soon_days and progress < thresholds.due_soon_progress:
        yellow.append(f"距完成时限不足 {thresholds.due_soon_days} 天，进度 {progress}%")
    return (Light.YELLOW, yellow) if yellow else (Light.GREEN, [])


def is_lagging(status: TaskStatus) -> bool:
    """进度滞后: open, not past its deadline (逾期), behind pace or a node missed; every export asks this."""
    return (
        status.state != TaskState.COMPLETED
        and status.light != Light.NONE
        and not status.overdue
        and (status.pace == Pace.BEHIND or bool(status.missed_nodes))
    )
