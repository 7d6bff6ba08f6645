"""推进节点 (milestones): the pace they set and the nodes a task has missed.

A task with approved nodes is expected to reach each node's percentage on its date: 序时进度 runs in straight
lines from (start, 0 %) through every node to (deadline, 100 %) instead of one line from start to deadline.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """An approved node: by `due_on` the task should stand at `percent` with `title` done."""

    due_on: dt.date
    percent: int
    title: str
    done_on: dt.date | None = None


def node_expected(*, start: dt.date, end: dt.date, nodes: Sequence[Node], today: dt.date) -> int:
    """序时进度 between the nodes: 0 % at the start, each node's percent on its date, 100 % at the end."""
    points = [(start, 0)]
    for node in sorted(nodes, key=lambda n: n.due_on):
        # A node dated on or before the previous point cannot lower the line: it raises that point.
        day, percent = node.due_on, max(points[-1][1], min(node.percent, 100))
        if day <= points[-1][0]:
            points[-1] = (points[-1][0], percent)
        else:
            points.append((day, percent))
    if end > points[-1][0]:
        points.append((end, 100))
    if today <= points[0][0]:
        return points[0][1]
    for (day_a, pct_a), (day_b, pct_b) in itertools.pairwise(points):
        if today <= day_b:
            return round(pct_a + (pct_b - pct_a) * (today - day_a).days / (day_b - day_a).days)
    return points[-1][1]


def nodes_missed(nodes: Iterable[Node], *, today: dt.date) -> tuple[Node, ...]:
    """The nodes whose date has passed (the day after it) without being reported done by `today`."""
    return tuple(
        node
        for node in sorted(nodes, key=lambda n: n.due_on)
        if node.due_on < today and (node.done_on is None or node.done_on > today)
    )


def nodes_due_soon(nodes: Iterable[Node], *, today: dt.date, days_before: int) -> tuple[Node, ...]:
    """Open nodes due within `days_before` days from `today` (today included): the ones to remind of."""
    return tuple(
        node
        for node in sorted(nodes, key=lambda n: n.due_on)
        if node.done_on is None and 0 <= (node.due_on - today).days <= days_before
    )
