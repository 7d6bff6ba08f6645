"""The approved 推进节点 of tasks as stored and as the rules read them, and their copy down a cascade.

`Task.node_figures` is what the rules read; it is rewritten from the approved nodes whenever they change,
under the task's row lock. A 承接任务 follows its parent's nodes: `milestones_copy_many` gives any number of
tasks their sources' nodes in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from duban.plans.models import Milestone, MilestoneState, Task


def rows(task: Task, state: str) -> list[Milestone]:
    """The task's nodes in one state, in order."""
    return list(Milestone.objects.filter(task=task, state=state).order_by("position"))


def node_figures(nodes: Iterable[Milestone]) -> list[dict[str, Any]]:
    """Approved nodes (in order) as `Task.node_figures` keeps them for the rules."""
    return [
        {
            "on": m.due_on.isoformat(),
            "pct": m.percent,
            "title": m.title,
            "done": m.done_on.isoformat() if m.done_on else None,
        }
        for m in nodes
    ]


def figures_refresh(task: Task) -> None:
    """Rewrite the approved nodes as the rules read them (called under the task's row lock)."""
    task.node_figures = node_figures(rows(task, MilestoneState.APPROVED))
    task.save(update_fields=["node_figures"])


def replace_approved(task: Task, new: list[Milestone]) -> None:
    """Drop the task's approved nodes for `new` (unsaved, now approved); a kept node keeps its completion."""
    old = {(m.due_on, m.title): m for m in rows(task, MilestoneState.APPROVED)}
    Milestone.objects.filter(pk__in=[m.pk for m in old.values()]).delete()
    for node in new:
        kept = old.get((node.due_on, node.title))
        node.state = MilestoneState.APPROVED
        if kept is not None:
            node.done_on, node.evidence = kept.done_on, kept.evidence


def milestones_copy_many(pairs: Sequence[tuple[Task, Task]]) -> set[int]:
    """Give each target the approved nodes of its source: at most 5 queries, whatever the number of pairs.

    Each node's completion stays the target's own (kept where date and content are unchanged). Called inside
    the cascade's transaction with the targets locked or just made; returns the targets whose nodes changed.
    """
    if not pairs:
        return set()
    sources: dict[int, list[Milestone]] = defaultdict(list)
    approved = Milestone.objects.filter(state=MilestoneState.APPROVED)
    for node in approved.filter(task_id__in={s.pk for s, _ in pairs}).order_by("position"):
        sources[node.task_id].append(node)
    olds: dict[int, dict[tuple[object, str], Milestone]] = defaultdict(dict)
    for node in approved.filter(task_id__in={t.pk for _, t in pairs}).order_by():
        olds[node.task_id][(node.due_on, node.title)] = node
    if not sources and not olds:
        return set()  # nothing to copy and nothing to drop: a cascade of tasks without nodes
    new: list[Milestone] = []
    changed: list[Task] = []
    for source, target in pairs:
        old = olds.get(target.pk, {})
        nodes = [
            Milestone(
                organization_id=target.organization_id,
                task_id=target.pk,
                position=m.position,
                due_on=m.due_on,
                title=m.title,
                percent=m.percent,
                state=MilestoneState.APPROVED,
                proposed_by_id=m.proposed_by_id,
                done_on=kept.done_on if (kept := old.get((m.due_on, m.title))) else None,
                evidence=kept.evidence if kept else "",
            )
            for m in sources.get(source.pk, [])
        ]
        new += nodes
        figures = node_figures(nodes)
        if figures != list(target.node_figures or []):
            target.node_figures = figures
            changed.append(target)
    gone = [m.pk for old in olds.values() for m in old.values()]
    if gone:
        Milestone.objects.filter(pk__in=gone).delete()
    Milestone.objects.bulk_create(new)
    Task.objects.bulk_update(changed, ["node_figures"])
    return {t.pk for t in changed}
