"""A change at the parent reaches its 承接任务: text, deadline, milestones and target values, with a notice.

The parent changes a cascaded task through `cascade_task_update` (text, deadline, targets and their
shares) or `cascaded_schedule_set` (the schedule page); each subordinate whose task changed is told. Before
the subordinate signs for it, the parent may take the task back (`cascade_withdraw`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib import clock
from duban.lib.audit import audit_record, snapshot
from duban.lib.errors import DomainError, NotAllowed
from duban.lib.numbers import number_text
from duban.plans.models import CascadeLink, Milestone, PlanStatus, Target, Task
from duban.plans.services import task_schedule_set
from duban.tracking import cascade_rules, errors
from duban.tracking.models import CompletionRequest, ProgressReport
from duban.tracking.services.cascade import (
    Shares,
    deadline_of,
    notify_supervisors,
    share_values,
)
from duban.tracking.services.milestone_nodes import milestones_copy_many

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
) -> int:
    """Change a cascaded task at the parent (text, deadline, target values) and pass it down with a notice.

    A split target's new value needs new shares that add up to it; an unsplit target's subordinate values
    change only where `shares` names them. Returns how many 承接任务 were told; 0 when nothing changed.
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
        start = task.plan.start_date
        if start is not None and deadline < start:
            raise DomainError(errors.TASK_DEADLINE_BEFORE_START.format(start=start))
        task.deadline = deadline
    own = list(Target.objects.filter(task=task).order_by("position"))
    links = list(CascadeLink.objects.filter(parent_task=task).select_related("organization"))
    changed = _targets_update(task, own, links, targets or {}, shares or {})
    after = snapshot(task, _PUSHED)
    if before == after and not changed.values and not changed.shares:
        return 0
    task.save(update_fields=list(_PUSHED))
    audit_record(
        actor=by,
        action="cascade_task_update",
        obj=task,
        task=task,
        before={**before, **{key: old for key, (old, _) in changed.items()}},
        after={**after, **{key: new for key, (_, new) in changed.items()}},
    )
    return _push(task, links, by=by, force=bool(changed.values or changed.shares))


@dataclass
class _Changed:
    """What `_targets_update` wrote: the parent's values and the subordinates' shares, as (before, after)."""

    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # "target:<position>"
    shares: dict[str, tuple[str, str]] = field(default_factory=dict)  # "share:<position>:<organisation>"

    def items(self) -> list[tuple[str, tuple[str, str]]]:
        return [*self.values.items(), *self.shares.items()]


def _targets_update(
    task: Task,
    own: list[Target],
    links: list[CascadeLink],
    values: Mapping[int, object],
    shares: Shares,
) -> _Changed:
    """Write new parent values and subordinate shares, checked as at sending; return what changed."""
    by_id = {t.pk: t for t in own}
    changed = _Changed()
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
            changed.values[f"target:{target.position}"] = (number_text(target.value), number_text(value))
            target.value = value
            target.save(update_fields=["value"])
    if any(target_id not in by_id for target_id, _ in shares):
        raise DomainError(errors.TARGET_NOT_OF_TASK)
    children = {
        (t.task_id, t.position): t
        for t in Target.objects.filter(task_id__in=[link.child_task_id for link in links])
    }
    organizations = [link.organization for link in links]
    split = {t.pk for t in own if any(t.position in link.split_positions for link in links)}
    touched = {t.pk for t in own if f"target:{t.position}" in changed.values} | {pk for pk, _ in shares}
    updated: list[Target] = []
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
            value = checked[(target.pk, link.organization_id)]
            if child is None or child.value == value:
                continue
            key = f"share:{target.position}:{link.organization.name}"
            changed.shares[key] = (number_text(child.value), number_text(value))
            child.value = value
            child.text = cascade_rules.target_share_text(metric=child.metric, value=value, unit=child.unit)
            updated.append(child)
    Target.objects.bulk_update(updated, ["value", "text"])
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
    before = {child.pk: snapshot(child, _PUSHED) for child in children}
    nodes_changed = milestones_copy_many([(task, child) for child in children])
    changed = 0
    for child in children:
        child.text = task.text
        child.deadline = deadline_of(task)
        after = snapshot(child, _PUSHED)
        if before[child.pk] == after and child.pk not in nodes_changed and not force:
            continue
        changed += 1
        child.save(update_fields=list(_PUSHED))
        if child.pk in nodes_changed:
            after["nodes"] = [f"{n['on']} {n['title']}（{n['pct']}%）" for n in child.node_figures]
        audit_record(
            actor=by, action="cascade_task_sync", obj=child, task=child, before=before[child.pk], after=after
        )
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


@transaction.atomic
def cascade_withdraw(*, link: CascadeLink, by: User) -> None:
    """撤回下达: the parent takes back a task its subordinate has neither signed for nor begun.

    Only then, so that nothing the subordinate did is lost: the 承接任务 goes with its link (and its plan
    with it when that leaves the plan empty and unpublished). The subordinate's supervisors are told; the
    trail keeps the withdrawal at the parent's task and in the subordinate's organisation.
    """
    if not permissions.can_supervise(by, link.parent_organization_id):
        raise NotAllowed
    link = (
        CascadeLink.objects.select_for_update(of=("self",))
        .select_related("organization", "parent_task", "child_task__plan")
        .get(pk=link.pk)
    )
    child, org = link.child_task, link.organization
    if link.accepted_at is not None:
        at = clock.datetime_text(link.accepted_at)
        raise DomainError(errors.CASCADE_WITHDRAW_ACCEPTED.format(name=org.name, at=at))
    if (
        ProgressReport.objects.filter(task=child).exists()
        or CompletionRequest.objects.filter(task=child).exists()
        or Milestone.objects.filter(task=child, done_on__isnull=False).exists()
    ):
        raise DomainError(errors.CASCADE_WITHDRAW_STARTED.format(name=org.name))
    plan, no, link_pk = child.plan, child.no, link.pk
    audit_record(
        actor=by,
        action="cascade_withdraw",
        obj=link,
        task=link.parent_task,
        after={"organization": org.name, "child_task": child.pk},
        organization_id=link.parent_organization_id,
    )
    Task.objects.select_for_update().filter(pk=child.pk).delete()  # the link, targets and nodes go with it
    emptied = plan.status == PlanStatus.DRAFT and not Task.objects.filter(plan=plan).exists()
    if emptied:
        plan.delete()
    link.pk = link_pk
    audit_record(
        actor=by,
        action="cascade_withdrawn",
        obj=link,
        plan=None if emptied else plan,
        after={"task_no": no, "plan": plan.title},
        organization_id=org.pk,
    )
    notify_supervisors(
        org.pk,
        None,
        title="上级撤回下达任务",
        body=f"上级撤回了下达的任务 {no}（{plan.title}），无需签收和办理。",
    )
