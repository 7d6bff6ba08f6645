"""分解下达: a parent's tasks sent to its subordinates as 承接任务, signed for, staffed, and kept in step.

The parent's supervisor sends (`tasks_cascade`); each subordinate gets a linked task in a plan of its own,
with the text, deadline, milestones and its share of each target. The subordinate's supervisor signs for it
(`cascade_accept`) and assigns its own units (`cascade_units_assign`); nothing else of a cascaded task is
the subordinate's to change. Changes at the parent go down through `cascade_changes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts import permissions
from duban.accounts.models import Organization, Role, Unit, User
from duban.lib import clock
from duban.lib.audit import audit_record, snapshot
from duban.lib.errors import DomainError, NotAllowed
from duban.plans.models import (
    CascadeLink,
    Plan,
    PlanStatus,
    Section,
    Target,
    Task,
    TaskUnit,
    TaskUnitRole,
)
from duban.tracking import cascade_rules, errors
from duban.tracking.models import Notification
from duban.tracking.services.audit import audit_entry, audit_record_many
from duban.tracking.services.milestone_nodes import milestones_copy_many

# (parent target id, subordinate organisation id) → the subordinate's value.
Shares = Mapping[tuple[int, int], object]


def deadline_of(task: Task) -> dt.date | None:
    """A 承接任务's deadline: the parent's approved extension, else its own, else its plan's default."""
    return task.extended_deadline or task.deadline or task.plan.default_deadline


@transaction.atomic
def tasks_cascade(
    *,
    tasks: Sequence[Task],
    organizations: Sequence[Organization],
    by: User,
    shares: Shares | None = None,
    split: Iterable[int] = (),
) -> list[CascadeLink]:
    """Send tasks to subordinate organisations as 承接任务, each with its share of every target.

    `split` names the parent targets whose shares must add up to the parent's value; every other target
    gets the value given per organisation in `shares`, else the parent's own value. Each organisation's
    tasks go into its plan for this parent plan, made (a draft) the first time: the parent never sees, and
    so never picks, the subordinate's other plans.
    """
    if not tasks:
        raise DomainError(errors.CASCADE_NO_TASKS)
    if not organizations:
        raise DomainError(errors.CASCADE_NO_ORGANIZATIONS)
    parent_org_id = tasks[0].organization_id
    if not permissions.can_supervise(by, parent_org_id) or any(
        t.organization_id != parent_org_id for t in tasks
    ):
        raise NotAllowed
    if len({t.plan_id for t in tasks}) > 1:
        raise DomainError(errors.CASCADE_ONE_PLAN)
    for org in organizations:
        if org.parent_id != parent_org_id:
            raise DomainError(errors.CASCADE_NOT_SUBORDINATE.format(name=org.name))
    # Cascades of one plan wait for each other: they number the subordinates' tasks and make their plans.
    Plan.objects.select_for_update().get(pk=tasks[0].plan_id)
    locked = list(
        # Only the tasks' rows: PostgreSQL refuses FOR UPDATE on the outer join of a task without a section.
        Task.objects.select_for_update(of=("self",))
        .filter(pk__in=[t.pk for t in tasks])
        .select_related("plan", "section")
        .order_by("plan_id", "position")
    )
    _refuse_sent(locked, organizations)
    targets = _targets_of(locked)
    values = share_values(locked, targets, organizations, shares or {}, set(split))
    return _send(locked, organizations, by=by, targets=targets, values=values, split=set(split))


def _refuse_sent(tasks: Sequence[Task], organizations: Sequence[Organization]) -> None:
    if any(t.plan.status != PlanStatus.PUBLISHED for t in tasks):
        raise DomainError(errors.PLAN_NOT_PUBLISHED)
    cascaded = CascadeLink.objects.filter(child_task__in=tasks).values_list("child_task__no", flat=True)
    for no in cascaded[:1]:
        raise DomainError(errors.CASCADE_OF_CASCADED.format(no=no))
    sent = (
        CascadeLink.objects.filter(parent_task__in=tasks, organization__in=organizations)
        .values_list("parent_task__no", "organization__name")
        .order_by("parent_task__position")
    )
    for no, name in sent[:1]:
        raise DomainError(errors.CASCADE_ALREADY_SENT.format(no=no, name=name))


def _targets_of(tasks: Sequence[Task]) -> dict[int, list[Target]]:
    found: dict[int, list[Target]] = {t.pk: [] for t in tasks}
    for target in Target.objects.filter(task__in=tasks).order_by("task_id", "position"):
        found[target.task_id].append(target)
    return found


def share_values(
    tasks: Sequence[Task],
    targets: Mapping[int, list[Target]],
    organizations: Sequence[Organization],
    shares: Shares,
    split: set[int],
) -> dict[tuple[int, int], Decimal]:
    """Every (target, organisation) value, checked: present, a number, and adding up where split."""
    values: dict[tuple[int, int], Decimal] = {}
    for task in tasks:
        for target in targets[task.pk]:
            per_org: dict[int, Decimal] = {}
            for org in organizations:
                raw = shares.get((target.pk, org.pk))
                if raw is None or str(raw).strip() == "":
                    if target.pk in split:
                        raise DomainError(
                            errors.CASCADE_SHARE_MISSING.format(
                                no=task.no, metric=target.metric, name=org.name
                            )
                        )
                    value: Decimal | None = target.value
                else:
                    value = cascade_rules.share_value(raw)
                if value is None:
                    raise DomainError(
                        errors.CASCADE_SHARE_INVALID.format(no=task.no, metric=target.metric, name=org.name)
                    )
                per_org[org.pk] = value
            if target.pk in split:
                wrong = cascade_rules.shares_total_error(value=target.value, shares=per_org)
                if wrong is not None:
                    raise DomainError(
                        errors.CASCADE_SHARES_MISMATCH.format(
                            no=task.no, metric=target.metric, total=wrong[0], value=wrong[1]
                        )
                    )
            values.update({(target.pk, org_id): v for org_id, v in per_org.items()})
    return values


def _send(
    tasks: Sequence[Task],
    organizations: Sequence[Organization],
    *,
    by: User,
    targets: Mapping[int, list[Target]],
    values: Mapping[tuple[int, int], Decimal],
    split: set[int],
) -> list[CascadeLink]:
    """Every task to every organisation at once: a fixed number of queries, whatever their numbers."""
    plans = _plans_for(tasks[0].plan, organizations, by=by)
    sections = _sections_for(tasks, plans)
    positions = dict.fromkeys((p.pk for p in plans.values()), 0)
    last = Task.objects.filter(plan__in=plans.values()).values("plan_id").annotate(m=Max("position"))
    positions.update({row["plan_id"]: row["m"] for row in last.order_by()})
    pairs: list[tuple[Task, Organization]] = [(task, org) for org in organizations for task in tasks]
    children: list[Task] = []
    for task, org in pairs:
        plan = plans[org.pk]
        positions[plan.pk] += 1
        section = task.section
        children.append(
            Task(
                organization=org,
                plan=plan,
                section=sections[(plan.pk, section.no, section.title)] if section is not None else None,
                no=task.no,
                position=positions[plan.pk],
                text=task.text,
                deadline=deadline_of(task),
                deadline_text=task.deadline_text,
            )
        )
    children = Task.objects.bulk_create(children)
    milestones_copy_many([(task, child) for (task, _), child in zip(pairs, children, strict=True)])
    Target.objects.bulk_create(
        Target(
            organization=org,
            task=child,
            metric=t.metric,
            value=values[(t.pk, org.pk)],
            unit=t.unit,
            op=t.op,
            text=cascade_rules.target_share_text(metric=t.metric, value=values[(t.pk, org.pk)], unit=t.unit),
            position=t.position,
        )
        for (task, org), child in zip(pairs, children, strict=True)
        for t in targets[task.pk]
    )
    links = CascadeLink.objects.bulk_create(
        CascadeLink(
            organization=org,
            parent_organization_id=task.organization_id,
            parent_task=task,
            child_task=child,
            split_positions=sorted(t.position for t in targets[task.pk] if t.pk in split),
            created_by=by,
        )
        for (task, org), child in zip(pairs, children, strict=True)
    )
    audit_record_many(
        [
            entry
            for link, (task, org), child in zip(links, pairs, children, strict=True)
            for entry in (
                audit_entry(
                    actor=by,
                    action="task_cascade",
                    obj=link,
                    task=task,
                    after={"organization": org.name, "child_task": child.pk, "plan": child.plan_id},
                    organization_id=task.organization_id,
                ),
                audit_entry(
                    actor=by,
                    action="task_cascade_received",
                    obj=link,
                    task=child,
                    after={"parent_task": task.pk},
                ),
            )
        ]
    )
    sent = f"{len(tasks)} 项任务（{tasks[0].plan.title}，第 {'、'.join(t.no for t in tasks)} 项）"
    first: dict[int, Task] = {}
    for (_, org), child in zip(pairs, children, strict=True):
        first.setdefault(org.pk, child)
    notify_supervisors_each(
        Notice(
            organization_id=org.pk,
            task=first[org.pk],
            title="上级下达任务",
            body=f"上级下达了 {sent}，请签收并分配责任单位。",
        )
        for org in organizations
    )
    return links


def _plan_key(parent_plan: Plan, org: Organization) -> str:
    return hashlib.sha256(f"cascade:{parent_plan.pk}:{org.pk}".encode()).hexdigest()


def _plans_for(parent_plan: Plan, organizations: Sequence[Organization], *, by: User) -> dict[int, Plan]:
    """Each subordinate's plan for this parent plan, by organisation: an earlier cascade's, else a draft."""
    keys = {org.pk: _plan_key(parent_plan, org) for org in organizations}
    found = {
        plan.organization_id: plan
        for plan in Plan.objects.filter(organization_id__in=keys, source_sha256__in=keys.values())
        if keys[plan.organization_id] == plan.source_sha256
    }
    created = Plan.objects.bulk_create(
        Plan(
            organization=org,
            source_sha256=keys[org.pk],
            title=parent_plan.title,
            notice_title=parent_plan.notice_title,
            doc_number=parent_plan.doc_number,
            issuer=parent_plan.issuer,
            issue_date=parent_plan.issue_date,
            year=parent_plan.year,
            source_name="上级分解下达",
            source_format="cascade",
            imported_by=by,
        )
        for org in organizations
        if org.pk not in found
    )
    audit_record_many(
        [
            audit_entry(
                actor=by, action="plan_cascade_create", obj=plan, plan=plan, after={"title": plan.title}
            )
            for plan in created
        ]
    )
    return {**found, **{plan.organization_id: plan for plan in created}}


def _sections_for(tasks: Sequence[Task], plans: Mapping[int, Plan]) -> dict[tuple[int, str, str], Section]:
    """The sections of the tasks in every subordinate's plan, by (plan, no, title): found, else made."""
    wanted = list(dict.fromkeys((t.section.no, t.section.title) for t in tasks if t.section is not None))
    if not wanted:
        return {}
    found: dict[tuple[int, str, str], Section] = {}
    last: dict[int, int] = dict.fromkeys((p.pk for p in plans.values()), 0)
    for section in Section.objects.filter(plan__in=plans.values()).order_by():
        found[(section.plan_id, section.no, section.title)] = section
        last[section.plan_id] = max(last[section.plan_id], section.position)
    new: list[Section] = []
    for plan in plans.values():
        for no, title in wanted:
            if (plan.pk, no, title) not in found:
                last[plan.pk] += 1
                section = Section(organization_id=plan.organization_id, plan=plan, no=no, title=title)
                section.position = last[plan.pk]
                found[(plan.pk, no, title)] = section
                new.append(section)
    Section.objects.bulk_create(new)
    return found


class Notice(NamedTuple):
    """What one organisation's supervisors are told, about which task."""

    organization_id: int
    task: Task | None
    title: str
    body: str


def notify_supervisors(org: Organization | int, task: Task | None, *, title: str, body: str) -> None:
    """Tell the organisation's active supervisors (one read, one insert)."""
    org_id = org if isinstance(org, int) else org.pk
    notify_supervisors_each([Notice(organization_id=org_id, task=task, title=title, body=body)])


def notify_supervisors_each(notices: Iterable[Notice]) -> None:
    """Give each organisation's active supervisors its own notice: one read, one insert for them all."""
    by_org = {notice.organization_id: notice for notice in notices}
    users = User.objects.filter(organization_id__in=by_org, role=Role.SUPERVISOR, is_active=True)
    Notification.objects.bulk_create(
        Notification(
            organization_id=org_id,
            user_id=pk,
            task=by_org[org_id].task,
            title=by_org[org_id].title,
            body=by_org[org_id].body,
        )
        for pk, org_id in users.values_list("pk", "organization_id")
    )


@transaction.atomic
def cascade_accept(*, link: CascadeLink, by: User) -> CascadeLink:
    """签收: the subordinate's supervisor acknowledges the cascaded task (time and user kept)."""
    if not permissions.can_supervise(by, link.organization_id):
        raise NotAllowed
    link = CascadeLink.objects.select_for_update().get(pk=link.pk)
    if link.accepted_at is not None:
        raise DomainError(errors.CASCADE_ALREADY_ACCEPTED.format(at=clock.datetime_text(link.accepted_at)))
    link.accepted_at = timezone.now()
    link.accepted_by = by
    link.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=by,
        action="cascade_accept",
        obj=link,
        task=link.child_task,
        after=snapshot(link, ("accepted_at", "accepted_by")),
    )
    return link


@transaction.atomic
def cascade_units_assign(*, task: Task, by: User, lead: Sequence[Unit], support: Sequence[Unit] = ()) -> Task:
    """The subordinate's supervisor names its own lead and supporting units for a 承接任务."""
    if not permissions.can_supervise(by, task.organization_id):
        raise NotAllowed
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not CascadeLink.objects.filter(child_task=task).exists():
        raise DomainError(errors.CASCADE_NOT_CASCADED)
    if not lead:
        raise DomainError(errors.CASCADE_LEAD_REQUIRED)
    if any(unit.organization_id != task.organization_id for unit in [*lead, *support]):
        raise DomainError(errors.CASCADE_UNIT_NOT_OWN)
    links = TaskUnit.objects.filter(task=task)
    before = {"units": sorted(f"{link.role}:{link.unit_id}" for link in links)}
    links.delete()
    lead_ids = [u.pk for u in lead]
    support_ids = [u.pk for u in support if u.pk not in lead_ids]
    TaskUnit.objects.bulk_create(
        [
            TaskUnit(organization_id=task.organization_id, task=task, unit_id=pk, role=role, position=i)
            for role, ids in ((TaskUnitRole.LEAD, lead_ids), (TaskUnitRole.SUPPORT, support_ids))
            for i, pk in enumerate(dict.fromkeys(ids))
        ]
    )
    after = {
        "units": sorted([f"lead:{pk}" for pk in set(lead_ids)] + [f"support:{pk}" for pk in set(support_ids)])
    }
    audit_record(actor=by, action="cascade_units_assign", obj=task, task=task, before=before, after=after)
    return task
