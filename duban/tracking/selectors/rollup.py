"""Roll-up (汇总) of cascaded tasks for the parent, and the parent's task for the subordinate.

The parent reads only its own tasks' links and the linked 承接任务 (never a subordinate's other tasks or
plans); a subordinate reads the link it received and the parent task behind it, never a sibling's link.
Every read runs a fixed number of queries whatever the number of subordinates or tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from duban.accounts.models import Organization
from duban.accounts.permissions import AnyUser
from duban.plans import permissions
from duban.plans.models import CascadeLink, Plan, Target, Task
from duban.tracking import cascade_rules, rules
from duban.tracking.models import ProgressReport, ReportStatus
from duban.tracking.selectors.status import plans_share, statuses_for, task_as_of


@dataclass
class SubordinateLine:
    """One subordinate's 承接任务 as the parent sees it."""

    link: CascadeLink
    organization: Organization
    task: Task
    status: rules.TaskStatus
    last_report: ProgressReport | None
    targets: dict[int, Target]  # by the parent target's position
    place: int = 0

    @property
    def lagging(self) -> bool:
        """Red or yellow: what the dashboard and the circular list as 滞后."""
        return self.status.light in (rules.Light.RED, rules.Light.YELLOW)


@dataclass
class TargetRollup:
    """A parent target against its subordinates: shares assigned and values reached, summed."""

    target: Target
    split: bool
    assigned: Decimal
    reached: Decimal | None  # None until a subordinate reports a value
    met: bool | None
    reporting: int  # subordinates with an approved value


@dataclass
class TaskRollup:
    """A cascaded task with every subordinate's line, ranked by progress (ties share a place)."""

    task: Task
    lines: list[SubordinateLine]
    targets: list[TargetRollup]


@dataclass
class OrganizationFigures:
    """A subordinate over all its cascaded tasks of one plan."""

    organization: Organization
    tasks: int
    progress: int
    completed: int
    lagging: int
    accepted: int
    place: int = 0


@dataclass
class PlanRollup:
    """Everything the parent sees of its subordinates for one plan."""

    tasks: list[TaskRollup] = field(default_factory=list)
    organizations: list[OrganizationFigures] = field(default_factory=list)
    lagging: list[SubordinateLine] = field(default_factory=list)

    @property
    def split_targets(self) -> list[tuple[Task, TargetRollup]]:
        """Targets split among the subordinates: the sums the dashboard shows against the parent's value."""
        return [(t.task, target) for t in self.tasks for target in t.targets if target.split]


def plan_rollup(*, plan: Plan, today: dt.date, rewind: bool = False) -> PlanRollup:
    """The roll-up of a plan's cascaded tasks: 4 queries (1 when nothing was cascaded).

    With `rewind`, as the subordinates stood at the end of that past day (a circular of a past period): only
    reports of cycles due by then count, a later completion is not there yet (`task_as_of`). Target values
    reached are those of now: the circular does not show them.
    """
    links = list(
        CascadeLink.objects.filter(parent_organization_id=plan.organization_id, parent_task__plan=plan)
        .select_related("organization", "parent_task", "child_task")
        .order_by("parent_task__position", "organization__name")
    )
    return _rollup(links, today=today, parent_plan=plan, rewind=rewind)


def task_rollup(*, task: Task, today: dt.date) -> TaskRollup | None:
    """The roll-up of one parent task (None when it was not cascaded): 4 queries."""
    links = list(
        CascadeLink.objects.filter(parent_organization_id=task.organization_id, parent_task=task)
        .select_related("organization", "parent_task", "child_task")
        .order_by("organization__name")
    )
    found = _rollup(links, today=today, parent_plan=task.plan).tasks
    return found[0] if found else None


def _rollup(
    links: list[CascadeLink], *, today: dt.date, parent_plan: Plan, rewind: bool = False
) -> PlanRollup:
    if not links:
        return PlanRollup()
    children = [link.child_task for link in links]
    plans_share(children)
    reports = _last_reports([c.pk for c in children], until=today if rewind else None)
    if rewind:
        progress = {pk: report.progress for pk, report in reports.items()}
        past = {c.pk: task_as_of(c, today, progress=progress.get(c.pk)) for c in children}
        for link in links:
            link.child_task = past[link.child_task_id]
        children = list(past.values())
    statuses = statuses_for(children, today=today)
    targets: dict[int, dict[int, Target]] = defaultdict(dict)
    parent_ids = {link.parent_task_id for link in links}
    for target in Target.objects.filter(task_id__in=parent_ids | {c.pk for c in children}).order_by():
        targets[target.task_id][target.position] = target
    by_parent: dict[int, list[SubordinateLine]] = defaultdict(list)
    parents: dict[int, Task] = {}
    for link in links:
        parents[link.parent_task_id] = link.parent_task
        link.parent_task.plan = parent_plan
        by_parent[link.parent_task_id].append(
            SubordinateLine(
                link=link,
                organization=link.organization,
                task=link.child_task,
                status=statuses[link.child_task_id],
                last_report=reports.get(link.child_task_id),
                targets=targets.get(link.child_task_id, {}),
            )
        )
    tasks = []
    for parent_id, lines in by_parent.items():
        lines.sort(key=lambda line: (-line.status.progress, line.organization.name))
        for line, place in zip(lines, cascade_rules.places(lines, lambda x: x.status.progress), strict=True):
            line.place = place
        own = [targets[parent_id][p] for p in sorted(targets.get(parent_id, {}))]
        tasks.append(
            TaskRollup(task=parents[parent_id], lines=lines, targets=[_target(t, lines) for t in own])
        )
    all_lines = [line for t in tasks for line in t.lines]
    return PlanRollup(
        tasks=tasks,
        organizations=_organizations(all_lines),
        lagging=[line for line in all_lines if line.lagging],
    )


def _last_reports(task_ids: Sequence[int], *, until: dt.date | None) -> dict[int, ProgressReport]:
    """The latest approved lead report of each task (of a cycle due by `until`): one query, a row per task."""
    # A correlated subquery picks each task's latest through the task index, instead of loading a year of
    # reports per task (measured: two thirds of a 360-line roll-up went into building those instances).
    approved = ProgressReport.objects.filter(status=ReportStatus.APPROVED, role="lead")
    if until is not None:
        approved = approved.filter(period__lte=until)
    latest = approved.filter(task_id=OuterRef("task_id")).order_by("-period", "-id").values("pk")[:1]
    fields = ("task_id", "period", "text", "progress")
    rows = approved.filter(task_id__in=task_ids, pk=Subquery(latest)).only(*fields)
    return {report.task_id: report for report in rows.order_by()}


def _target(target: Target, lines: list[SubordinateLine]) -> TargetRollup:
    shares = [line.targets[target.position] for line in lines if target.position in line.targets]
    values = [share.latest_value for share in shares if share.latest_value is not None]
    reached = sum(values, Decimal(0)) if values else None
    split = any(target.position in line.link.split_positions for line in lines)
    return TargetRollup(
        target=target,
        split=split,
        assigned=sum((share.value for share in shares), Decimal(0)),
        reached=reached,
        met=rules.target_met(op=target.op, target=target.value, actual=reached) if split else None,
        reporting=len(values),
    )


def _organizations(lines: list[SubordinateLine]) -> list[OrganizationFigures]:
    by_org: dict[int, list[SubordinateLine]] = defaultdict(list)
    for line in lines:
        by_org[line.organization.pk].append(line)
    figures = [
        OrganizationFigures(
            organization=items[0].organization,
            tasks=len(items),
            progress=round(sum(line.status.progress for line in items) / len(items)),
            completed=sum(1 for line in items if line.task.completed_on is not None),
            lagging=sum(1 for line in items if line.lagging),
            accepted=sum(1 for line in items if line.link.accepted_at is not None),
        )
        for items in by_org.values()
    ]
    figures.sort(key=lambda f: (-f.progress, -f.completed, f.lagging, f.organization.name))
    for item, place in zip(
        figures, cascade_rules.places(figures, lambda f: (f.progress, f.completed, f.lagging)), strict=True
    ):
        item.place = place
    return figures


@dataclass
class Received:
    """What a subordinate sees of a cascaded task: the parent's task, read-only, and its own link."""

    link: CascadeLink
    parent_task: Task
    parent_organization: Organization
    parent_targets: list[Target]
    child_targets: dict[int, Target]

    @property
    def target_pairs(self) -> list[tuple[Target, Target | None]]:
        """Each parent target beside the subordinate's share of it."""
        return [(t, self.child_targets.get(t.position)) for t in self.parent_targets]


def received_get_for_user(*, user: AnyUser, link_id: int) -> Received | None:
    """A link received or sent by the user's organisation, else None (2 queries; not a sibling's)."""
    found = received_for_user(user=user, link_ids=[link_id])
    return found[0] if found else None


def received_for_user(*, user: AnyUser, link_ids: Sequence[int]) -> list[Received]:
    """The links among `link_ids` the user's organisation received or sent, in that order (2 queries for any
    number: the answer to a cascade of 40 tasks to 10 counties reads 400 links at once)."""
    links = (
        CascadeLink.objects.filter(pk__in=link_ids)
        .select_related(
            "organization", "parent_organization", "parent_task", "parent_task__plan", "child_task"
        )
        .in_bulk()
    )
    visible = [links[pk] for pk in link_ids if pk in links and permissions.can_view_cascade(user, links[pk])]
    task_ids = {t for link in visible for t in (link.parent_task_id, link.child_task_id)}
    targets = list(Target.objects.filter(task_id__in=task_ids).order_by("position")) if visible else []
    by_task: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        by_task[target.task_id].append(target)
    return [
        Received(
            link=link,
            parent_task=link.parent_task,
            parent_organization=link.parent_organization,
            parent_targets=by_task[link.parent_task_id],
            child_targets={t.position: t for t in by_task[link.child_task_id]},
        )
        for link in visible
    ]


@dataclass
class TaskCascade:
    """A task's place in a cascade: the link it came by (a 承接任务), and how many subordinates it went to."""

    received: CascadeLink | None = None
    sent: int = 0


def task_cascade(*, task: Task) -> TaskCascade:
    """Whether the task was received from the parent or sent down, for its page (one query)."""
    links = CascadeLink.objects.filter(
        Q(child_task=task, organization_id=task.organization_id)
        | Q(parent_task=task, parent_organization_id=task.organization_id)
    ).select_related("parent_task", "parent_organization")
    found = TaskCascade()
    for link in links:
        if link.child_task_id == task.pk:
            found.received = link
        else:
            found.sent += 1
    return found


@dataclass
class CascadeShares:
    """A parent task's links and each subordinate's share of each target: what its change page edits."""

    links: list[CascadeLink]
    targets: list[Target]  # the parent's, by position
    shares: dict[tuple[int, int], Target]  # (parent target id, organisation id) → the subordinate's target


def cascade_shares(*, task: Task) -> CascadeShares | None:
    """The subordinates a task went to, with their shares (None when it was not cascaded): 2 queries."""
    links = list(
        CascadeLink.objects.filter(parent_organization_id=task.organization_id, parent_task=task)
        .select_related("organization")
        .order_by("organization__name")
    )
    if not links:
        return None
    org_of = {link.child_task_id: link.organization_id for link in links}
    rows = list(Target.objects.filter(task_id__in=[task.pk, *org_of]).order_by("position"))
    own = [t for t in rows if t.task_id == task.pk]
    by_position = {t.position: t.pk for t in own}
    return CascadeShares(
        links=links,
        targets=own,
        shares={
            (by_position[t.position], org_of[t.task_id]): t
            for t in rows
            if t.task_id != task.pk and t.position in by_position
        },
    )


def subordinate_figures(*, plan: Plan, today: dt.date, rewind: bool = False) -> list[OrganizationFigures]:
    """Per-subordinate figures of a parent's plan, ranked (并列 on equal figures): for 考核 and exports."""
    return plan_rollup(plan=plan, today=today, rewind=rewind).organizations
