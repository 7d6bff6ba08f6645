"""推进计划: the lead unit proposes a task's nodes, the supervisor approves, returns or sets them; nodes done.

The approved nodes drive the rules. A new proposal waits beside them and replaces them only when approved,
so the pace never follows an unreviewed plan. The rules read `Task.node_figures`, rewritten here under the
task's row lock whenever the approved nodes change. A cascaded task's approved nodes go down to its 承接任务
(`cascade_sync`), whose own nodes cannot be proposed, approved or set.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from duban.accounts import permissions
from duban.accounts.models import Unit, User
from duban.lib import clock
from duban.plans import permissions as plan_permissions
from duban.plans.models import (
    CascadeLink,
    Milestone,
    MilestoneState,
    PlanStatus,
    Task,
    TaskState,
    TaskUnitRole,
)
from duban.plans.rules import percents_filled
from duban.tracking import errors, rules
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.services.audit import audit_record
from duban.tracking.services.cascade_changes import cascade_sync
from duban.tracking.services.milestone_nodes import figures_refresh, replace_approved, rows
from duban.tracking.services.notifications import decision_notify
from duban.tracking.services.reports import task_lock


@dataclass(frozen=True)
class NodeInput:
    """A node as typed: its date, what is due, and the progress it stands for (evenly spread when None)."""

    due_on: dt.date
    title: str
    percent: int | None = None


def _deadline(task: Task) -> dt.date:
    plan = task.plan
    return rules.task_deadline(
        deadline=task.deadline,
        extended=task.extended_deadline,
        default=plan.default_deadline,
        year=rules.plan_year(plan),
    )


def nodes_clean(task: Task, nodes: Sequence[NodeInput]) -> list[NodeInput]:
    """The nodes by date with their percentages, or a refusal naming the first problem."""
    if not nodes:
        raise TrackingError(errors.NODES_REQUIRED)
    ordered = sorted(nodes, key=lambda n: n.due_on)
    deadline = _deadline(task)
    seen: set[dt.date] = set()
    for n, node in enumerate(ordered, start=1):
        if not node.title.strip():
            raise TrackingError(errors.NODE_TITLE_REQUIRED.format(n=n))
        if node.due_on in seen:
            raise TrackingError(errors.NODE_DATE_REPEATED.format(day=node.due_on))
        if node.due_on > deadline:
            raise TrackingError(errors.NODE_AFTER_DEADLINE.format(day=node.due_on, deadline=deadline))
        if node.percent is not None and not 1 <= node.percent <= 100:
            raise TrackingError(errors.NODE_PERCENT_INVALID.format(n=n))
        seen.add(node.due_on)
    percents = percents_filled([node.percent for node in ordered])
    cleaned = [
        NodeInput(due_on=node.due_on, title=node.title.strip()[:200], percent=percents[i])
        for i, node in enumerate(ordered)
    ]
    for n, (previous, node) in enumerate(itertools.pairwise(cleaned), start=2):
        if (node.percent or 0) < (previous.percent or 0):
            raise TrackingError(errors.NODE_PERCENT_DECREASING.format(n=n))
    return cleaned


def _lead_unit(task: Task, by: User) -> Unit:
    roles = plan_permissions.task_unit_roles(by, task)
    if not roles:
        raise NotAllowed(errors.TASK_NOT_HELD)
    lead = next((pk for pk, role in roles.items() if role == TaskUnitRole.LEAD), None)
    if lead is None:
        raise NotAllowed(errors.MILESTONE_LEAD_ONLY)
    return Unit.objects.get(pk=lead)


def _check_open(task: Task) -> None:
    if task.plan.status != PlanStatus.PUBLISHED:
        raise TrackingError(errors.PLAN_NOT_PUBLISHED)
    if task.state == TaskState.COMPLETED:
        raise TrackingError(errors.TASK_COMPLETED)


def _refuse_cascaded(task: Task) -> None:
    # A 承接任务's nodes are its parent's, copied down whenever they change there.
    if CascadeLink.objects.filter(child_task=task).exists():
        raise TrackingError(errors.CASCADED_TASK_FIXED)


def _text(nodes: Sequence[Milestone]) -> list[str]:
    return [f"{m.due_on:%Y-%m-%d} {m.title}（{m.percent}%）" for m in nodes]


def _notify_leads(task: Task, *, title: str, body: str) -> None:
    for unit_id in task.task_units.filter(role=TaskUnitRole.LEAD).values_list("unit_id", flat=True):
        decision_notify(task=task, unit_id=unit_id, title=title, body=body)


def _create(task: Task, nodes: Sequence[NodeInput], *, state: str, by: User) -> list[Milestone]:
    return Milestone.objects.bulk_create(
        Milestone(
            organization_id=task.organization_id,
            task=task,
            position=i,
            due_on=node.due_on,
            title=node.title,
            percent=node.percent or 0,
            state=state,
            proposed_by=by,
        )
        for i, node in enumerate(nodes)
    )


@transaction.atomic
def milestones_propose(*, task: Task, by: User, nodes: Sequence[NodeInput]) -> list[Milestone]:
    """The lead unit proposes the task's 推进计划; it replaces an earlier proposal and waits for review."""
    task = task_lock(task)
    _lead_unit(task, by)
    _check_open(task)
    _refuse_cascaded(task)
    cleaned = nodes_clean(task, nodes)
    Milestone.objects.filter(task=task).exclude(state=MilestoneState.APPROVED).delete()
    created = _create(task, cleaned, state=MilestoneState.PROPOSED, by=by)
    audit_record(actor=by, action="milestones_propose", obj=task, task=task, after={"nodes": _text(created)})
    return created


@transaction.atomic
def milestones_approve(*, task: Task, by: User, comment: str = "") -> list[Milestone]:
    """The supervisor approves the proposed 推进计划: it replaces the approved nodes and sets the pace."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = task_lock(task)
    _refuse_cascaded(task)
    proposed = rows(task, MilestoneState.PROPOSED)
    if not proposed:
        raise TrackingError(errors.NODES_NOT_PROPOSED)
    before = _text(rows(task, MilestoneState.APPROVED))
    replace_approved(task, proposed)
    for node in proposed:
        node.comment = comment.strip()[:500]
    Milestone.objects.bulk_update(proposed, ["state", "done_on", "evidence", "comment"])
    figures_refresh(task)
    audit_record(
        actor=by,
        action="milestones_approve",
        obj=task,
        task=task,
        before={"nodes": before},
        after={"nodes": _text(proposed), "comment": comment.strip()},
    )
    _notify_leads(task, title=f"推进计划已批准：{task.no}", body=comment.strip() or "推进计划已批准。")
    cascade_sync(task=task, by=by)  # the 承接任务 follow the approved nodes, their supervisors told
    return proposed


@transaction.atomic
def milestones_return(*, task: Task, by: User, comment: str) -> list[Milestone]:
    """The supervisor returns the proposed 推进计划 with a comment; the approved nodes stay in force."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    if not comment.strip():
        raise TrackingError(errors.COMMENT_REQUIRED)
    task = task_lock(task)
    proposed = rows(task, MilestoneState.PROPOSED)
    if not proposed:
        raise TrackingError(errors.NODES_NOT_PROPOSED)
    for node in proposed:
        node.state, node.comment = MilestoneState.RETURNED, comment.strip()[:500]
    Milestone.objects.bulk_update(proposed, ["state", "comment"])
    audit_record(
        actor=by,
        action="milestones_return",
        obj=task,
        task=task,
        after={"nodes": _text(proposed), "comment": comment.strip()},
    )
    _notify_leads(task, title=f"推进计划被退回：{task.no}", body=comment.strip())
    return proposed


@transaction.atomic
def milestones_set(*, task: Task, by: User, nodes: Sequence[NodeInput]) -> list[Milestone]:
    """The supervisor sets the 推进计划 directly: approved at once, any pending proposal dropped."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = task_lock(task)
    _refuse_cascaded(task)
    cleaned = nodes_clean(task, nodes) if nodes else []
    before = _text(rows(task, MilestoneState.APPROVED))
    Milestone.objects.filter(task=task).exclude(state=MilestoneState.APPROVED).delete()
    new = [
        Milestone(
            organization_id=task.organization_id,
            task=task,
            position=i,
            due_on=n.due_on,
            title=n.title,
            percent=n.percent or 0,
            proposed_by=by,
        )
        for i, n in enumerate(cleaned)
    ]
    replace_approved(task, new)
    Milestone.objects.bulk_create(new)
    figures_refresh(task)
    audit_record(
        actor=by,
        action="milestones_set",
        obj=task,
        task=task,
        before={"nodes": before},
        after={"nodes": _text(new)},
    )
    cascade_sync(task=task, by=by)
    return new


@transaction.atomic
def milestone_done(
    *, milestone: Milestone, by: User, done_on: dt.date | None = None, evidence: str
) -> Milestone:
    """The lead unit reports an approved node done on a day (today by default) with its evidence."""
    task = task_lock(milestone.task)
    _lead_unit(task, by)
    _check_open(task)
    node = Milestone.objects.select_for_update().get(pk=milestone.pk, task=task)
    if node.state != MilestoneState.APPROVED:
        raise TrackingError(errors.NODE_NOT_APPROVED)
    if node.done_on is not None:
        raise TrackingError(errors.NODE_ALREADY_DONE.format(day=node.done_on))
    today = clock.today()
    day = done_on or today
    if day > today:
        raise TrackingError(errors.NODE_DONE_IN_FUTURE.format(today=today))
    if not evidence.strip():
        raise TrackingError(errors.EVIDENCE_REQUIRED)
    node.done_on, node.evidence = day, evidence.strip()
    node.save(update_fields=["done_on", "evidence"])
    figures_refresh(task)
    audit_record(
        actor=by,
        action="milestone_done",
        obj=node,
        task=task,
        after={
            "title": node.title,
            "due_on": node.due_on.isoformat(),
            "done_on": day.isoformat(),
            "evidence": node.evidence,
        },
    )
    return node


@transaction.atomic
def milestones_done_on(
    *, task: Task, by: User, due_dates: Sequence[dt.date], evidence: str
) -> list[Milestone]:
    """The nodes of these dates reported done today with one evidence (the report form's ticks)."""
    nodes = Milestone.objects.filter(task=task, state=MilestoneState.APPROVED, due_on__in=list(due_dates))
    return [milestone_done(milestone=node, by=by, evidence=evidence) for node in nodes.order_by("position")]
