"""Task statuses from the figures the services keep on each task: no report is read.

A status depends on the day, so it is computed on read; what it needs from the history (cycles reported,
a pending 办结 application, the latest approved target values) is stored on the task and its targets
(`tracking.services.figures`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache

from django.db.models import Prefetch, QuerySet

from duban.accounts.models import Unit
from duban.plans.models import Plan, Section, Target, Task, TaskState, TaskUnit
from duban.tracking import rules


@dataclass
class TargetState:
    """A target with its latest approved value and whether that meets it."""

    target: Target
    actual: Decimal | None
    met: bool | None


@lru_cache(maxsize=4096)
def _periods(iso_dates: tuple[str, ...]) -> frozenset[dt.date]:
    # Most tasks of a plan report the same cycles: parse each distinct list once.
    return frozenset(dt.date.fromisoformat(d) for d in iso_dates)


@dataclass(frozen=True)
class _PlanRules:
    start: dt.date
    year: int
    default_deadline: dt.date | None
    cycle: rules.Cycle
    thresholds: rules.Thresholds


def _plan_rules(plan: Plan) -> _PlanRules:
    year = rules.plan_year(plan)
    return _PlanRules(
        start=rules.task_start(plan_start=plan.start_date, issue_date=plan.issue_date, year=year),
        year=year,
        default_deadline=plan.default_deadline,
        cycle=rules.cycle_of(plan),
        thresholds=rules.thresholds_of(plan),
    )


@dataclass(frozen=True, slots=True)
class StatusRow:
    """A task's status columns, not a model instance: a 10,000-task plan's dashboard reads them all."""

    pk: int
    section_id: int | None
    state: str
    progress: int | None
    deadline: dt.date | None
    start_date: dt.date | None
    extended_deadline: dt.date | None
    completed_on: dt.date | None
    is_suspended: bool
    reported_periods: list[str] | None
    completion_requested_on: dt.date | None
    node_figures: list[dict[str, object]] | None


def status_rows(*, plan: Plan, tasks: QuerySet[Task] | None = None) -> list[StatusRow]:
    """The status columns of every task of the plan (or of `tasks`, some of them), in order, in one query."""
    columns = [f.name for f in fields(StatusRow)]
    chosen = Task.objects.filter(plan=plan) if tasks is None else tasks
    rows = chosen.order_by("position").values_list(*columns)
    return [StatusRow(*row) for row in rows]


def statuses_of_rows(rows: Sequence[StatusRow], *, plan: Plan, today: dt.date) -> dict[int, rules.TaskStatus]:
    """The status of each row of one plan, without a query."""
    found = _plan_rules(plan)
    return {
        row.pk: rules.task_status(
            _facts(row, found), cycle=found.cycle, thresholds=found.thresholds, today=today
        )
        for row in rows
    }


def _facts(task: Task | StatusRow, plan: _PlanRules) -> rules.TaskFacts:
    return rules.TaskFacts(
        start=task.start_date or plan.start,  # rules.task_start, its plan part computed once
        deadline=rules.task_deadline(
            deadline=task.deadline, extended=None, default=plan.default_deadline, year=plan.year
        ),
        extended_deadline=task.extended_deadline,
        state=task.state,
        progress=task.progress,
        completed_on=task.completed_on,
        suspended=task.is_suspended,
        reported=_periods(tuple(task.reported_periods or ())),
        stopped_on=task.completion_requested_on,
        nodes=node_facts(task.node_figures),
    )


def node_facts(figures: object) -> tuple[rules.Node, ...]:
    """The approved nodes as tracking.services.milestones keeps them on a task ([{on, pct, title, done}])."""
    if not isinstance(figures, list) or not figures:
        return ()
    return tuple(
        rules.Node(
            due_on=dt.date.fromisoformat(f["on"]),
            percent=int(f["pct"]),
            title=str(f["title"]),
            done_on=dt.date.fromisoformat(f["done"]) if f.get("done") else None,
        )
        for f in figures
    )


def task_facts(task: Task) -> rules.TaskFacts:
    """The facts the rules need, from a task (its plan loaded) and the figures kept on it."""
    return _facts(task, _plan_rules(task.plan))


def task_as_of(task: Task, day: dt.date, *, progress: int | None) -> Task:
    """A copy of the task as it stood at the end of a past day, for a status on that day.

    A completion or a reported cycle after it is not there yet; unless completed by then, the task stands at
    `progress`, that of its latest approved lead report of a cycle due by then (report times follow the real
    clock, cycles the plan's calendar).
    """
    past = copy.copy(task)
    if past.completed_on is not None and past.completed_on > day:
        past.state, past.completed_on = TaskState.IN_PROGRESS, None
    past.reported_periods = [p for p in past.reported_periods or () if dt.date.fromisoformat(p) <= day]
    if past.state != TaskState.COMPLETED:
        past.progress = progress
    return past


def plans_share(tasks: Sequence[Task]) -> None:
    """Give tasks of several plans one Plan object per plan (one query), instead of a copy per task."""
    plans = Plan.objects.order_by().in_bulk({task.plan_id for task in tasks})
    for task in tasks:
        task.plan = plans[task.plan_id]


def statuses_for(
    tasks: Sequence[Task], *, today: dt.date, plan: Plan | None = None
) -> dict[int, rules.TaskStatus]:
    """The status of each task, without a query: of `plan`, or each of its own (loaded) plan."""
    by_plan: dict[int, _PlanRules] = {}
    result: dict[int, rules.TaskStatus] = {}
    for task in tasks:
        owner = plan if plan is not None else task.plan
        found = by_plan.get(owner.pk)
        if found is None:
            found = by_plan[owner.pk] = _plan_rules(owner)
        result[task.pk] = rules.task_status(
            _facts(task, found), cycle=found.cycle, thresholds=found.thresholds, today=today
        )
    return result


def task_status(task: Task, *, today: dt.date) -> rules.TaskStatus:
    """The status of one task (its plan loaded)."""
    return statuses_for([task], today=today)[task.pk]


def target_states(tasks: Iterable[Task]) -> dict[int, list[TargetState]]:
    """Each task's targets with their latest approved values (targets must be prefetched)."""
    return {
        task.pk: [
            TargetState(
                target=t,
                actual=t.latest_value,
                met=rules.target_met(op=t.op, target=t.value, actual=t.latest_value),
            )
            for t in task.targets.all()
        ]
        for task in tasks
    }


@dataclass
class PlanSummary:
    """A plan's aggregates, overall and per section and per lead unit."""

    overall: rules.Summary
    sections: list[tuple[Section, rules.Summary]] = field(default_factory=list)
    units: list[tuple[Unit, rules.Summary]] = field(default_factory=list)


def plan_summary(*, plan: Plan, today: dt.date) -> PlanSummary:
    """办结率, 按期办结率, 逾期率, lights and reports on time for a plan, its sections and lead units."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("section")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("position")
    )
    statuses = statuses_for(tasks, today=today, plan=plan)
    by_section: dict[int, list[rules.TaskStatus]] = defaultdict(list)
    by_unit: dict[int, list[rules.TaskStatus]] = defaultdict(list)
    sections: dict[int, Section] = {}
    units: dict[int, Unit] = {}
    for task in tasks:
        if task.section is not None:
            sections[task.section.pk] = task.section
            by_section[task.section.pk].append(statuses[task.pk])
        for unit in task.lead_units:
            units[unit.pk] = unit
            by_unit[unit.pk].append(statuses[task.pk])
    return PlanSummary(
        overall=rules.summarize(statuses.values(), today=today),
        sections=[
            (sections[pk], rules.summarize(items, today=today))
            for pk, items in sorted(by_section.items(), key=lambda kv: sections[kv[0]].position)
        ],
        units=[
            (units[pk], rules.summarize(items, today=today))
            for pk, items in sorted(by_unit.items(), key=lambda kv: units[kv[0]].name)
        ],
    )
