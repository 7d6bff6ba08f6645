"""The tracking rules as pure functions: state, expected progress, pace, lights, missed cycles, nodes, sums.

Nothing here reads the database or the clock: every date comes in as an argument, so each rule is
tested with plain values. The defaults are DESIGN.md's; a plan overrides them in `Plan.rules`.
One module per concern; everything is importable from `duban.tracking.rules` as before.
"""

from duban.tracking.rules.aggregates import Summary, cycle_of, plan_year, summarize, thresholds_of
from duban.tracking.rules.dates import (
    Cycle,
    Missed,
    due_date_tuple,
    due_dates,
    expected_progress,
    is_overdue,
    missed_cycles,
    pace,
    period_for,
    target_met,
    task_deadline,
    task_start,
)
from duban.tracking.rules.milestones import Node, node_expected, nodes_due_soon, nodes_missed
from duban.tracking.rules.states import Action, state_after
from duban.tracking.rules.status import TaskFacts, TaskStatus, is_lagging, task_status
from duban.tracking.rules.thresholds import Light, Pace, Thresholds

__all__ = [
    "Action",
    "Cycle",
    "Light",
    "Missed",
    "Node",
    "Pace",
    "Summary",
    "TaskFacts",
    "TaskStatus",
    "Thresholds",
    "cycle_of",
    "due_date_tuple",
    "due_dates",
    "expected_progress",
    "is_lagging",
    "is_overdue",
    "missed_cycles",
    "node_expected",
    "nodes_due_soon",
    "nodes_missed",
    "pace",
    "period_for",
    "plan_year",
    "state_after",
    "summarize",
    "target_met",
    "task_deadline",
    "task_start",
    "task_status",
    "thresholds_of",
]
