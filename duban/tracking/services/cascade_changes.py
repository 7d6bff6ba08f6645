"""A change at the parent reaches its 承接任务: text, deadline, milestones and target values, with a notice.

The parent changes a cascaded task through `cascade_task_update` (text, deadline, targets and their
shares) or `cascaded_schedule_set` (the schedule page); each subordinate whose task changed is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib.audit import audit_record, snapshot
from duban.lib.errors import DomainError, NotAllowed
from duban.plans.models import CascadeLink, Target, Task
from duban.plans.services import task_schedule_set
from duban.tracking import cascade_rules, errors
from duban.tracking.services.cascade import (
    Shares,
    deadline_of,
    notify_supervisors,
    share_values,
)
from duban.tracking.services.milestones import milestones_copy

_PUSHED = ("text", "deadline")


@transaction.atomic
def cascade_task_update(
    *,
    task: Task,
    by: User,
    text: str | None = None,
    deadline: dt.date | None = None,
    targets: Mapping[int, object] | None = None,
    shares: Shares | None = None,
) -> Task:
    """Change a cascaded task at the parent (text, deadline, target values) and pass it down with a notice.

    A split target's new value needs new shares that add up to it; an unsplit target's subordinate values
    change only where `shares` names them.
    """
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if CascadeLink.objects.filter(child_task=task).exists():
        raise DomainError(errors.CASCADED_TASK_FIXED)
    before = snapshot(task, _PUSHED)
    if text is not None:
        if not text.strip():
            raise DomainError(errors.CASCADE_TEXT_REQUIRED)
        task.text = text.strip()
    if deadline is not None:
        task.deadline = deadline
    task.save(update_fields=["text", "deadline"])
    own = list(Target.objects.filter(task=task).order_by("position"))
    links = list(CascadeLink.objects.filter(parent_task=task).select_related("organization"))
    changed_targets = _targets_update(task, own, links, targets or {}, shares or {})
    audit_record(
        actor=by,
        action="cascade_task_update",
        obj=task,
        task=task,
        before={**before, **{f"target:{t.position}": str(v) for t, v in changed_targets}},
        after={
            **snapshot(task, _PUSHED),
            **{f"target:{t.position}": str(t.value) for t, _ in changed_targets},
        },
    )
    _push(task, links, by=by, force=bool(changed_targets) or bool(shares))
    return task


def _targets_update(
    task: Task,
    own: list[Target],
    links: list[CascadeLink],
    values: Mapping[int, object],
    shares: Shares,
) -> list[tuple[Target, Decimal]]:
    """Write new parent values and subordinate shares, checked as at sending; return (target, old value)."""
    by_id = {t.pk: t for t in own}
    changed: list[tuple[Target, Decimal]] = []
    for target_id, raw in values.items():
        target = by_id.get(int(target_id))
        value = cascade_rules.share_value(raw)
        if target is None or value is None:
            raise DomainError(
                errors.TARGET_NOT_OF_TASK
                if target is None
                else errors.TARGET_VALUE_INVALID.format(metric=target.metric)
            )
        if value != target.value:
            changed.append((target, target.value))
            target.value = value
            target.save(update_fields=["value"])
    children = {
        (t.task_id, t.position): t
        for t in Target.objects.filter(task_id__in=[link.child_task_id for link in links])
    }
    organizations = [link.organization for link in links]
    split = {t.pk for t in own if any(t.position in link.split_positions for link in links)}
    touched = {t.pk for t, _ in changed} | {target_id for target_id, _ in shares}
    for target in own:
        if target.pk not in touched:
            continue
        present = {
            (target.pk, link.organization_id): children[(link.child_task_id, target.position)].value
            for link in links
            if (link.child_task_id, target.position) in children
        }
        merged = {**present, **{k: v for k, v in shares.items() if k[0] == target.pk}}
        checked = share_values([task], {task.pk: [target]}, organizations, merged, split & {target.pk})
        for link in links:
            child = children.get((link.child_task_id, target.position))
            if child is not None:
                child.value = checked[(target.pk, link.organization_id)]
                child.text = cascade_rules.target_share_text(
                    metric=child.metric, value=child.value, unit=child.unit
                )
    Target.objects.bulk_update(list(children.values()), ["value", "text"])
    return changed


@transaction.atomic
def cascade_sync(*, task: Task, by: User) -> int:
    """Pass the parent task's text, deadline and milestones to its 承接任务 (after a schedule change)."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = Task.objects.select_related("plan").get(pk=task.pk)
    links = list(CascadeLink.objects.filter(parent_task=task).select_related("organization"))
    return _push(task, links, by=by)


def _push(task: Task, links: Sequence[CascadeLink], *, by: User, force: bool = False) -> int:
    """Copy the parent's text, deadline and milestones to every child; tell each subordinate what changed."""
    if not links:
        return 0
    children = list(Task.objects.select_for_update().filter(pk__in=[link.child_task_id for link in links]))
    changed = 0
    for child in children:
        before = snapshot(child, _PUSHED)
        child.text = task.text
        child.deadline = deadline_of(task)
        nodes_changed = milestones_copy(source=task, target=child)
        after = snapshot(child, _PUSHED)
        if before == after and not nodes_changed and not force:
            continue
        changed += 1
        child.save(update_fields=list(_PUSHED))
        audit_record(actor=by, action="cascade_task_sync", obj=child, task=child, before=before, after=after)
        notify_supervisors(
            child.organization_id,
            child,
            title="上级任务已调整",
            body=f"上级调整了承接任务 {child.no}（内容、完成时限、节点或指标），请查看并告知责任单位。",
        )
    return changed


@transaction.atomic
def cascaded_schedule_set(*, task: Task, by: User, deadline: dt.date | None) -> Task:
    """Set a task's deadline (plans' `task_schedule_set`) and pass it, with the nodes, to its 承接任务."""
    task = task_schedule_set(task=task, by=by, deadline=deadline)
    links = list(CascadeLink.objects.filter(parent_task=task).select_related("organization"))
    _push(Task.objects.select_related("plan").get(pk=task.pk), links, by=by)
    return task
