"""A unit's page in a plan: the tasks it leads and supports, read through the unit's links, paged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.accounts.models import Unit
from duban.plans.models import Plan, Task, TaskUnit, TaskUnitRole
from duban.plans.selectors import TaskRow, UnitTasks
from duban.tracking import rules
from duban.tracking.selectors.plan import PLAN_PAGE_SIZE
from duban.tracking.selectors.status import status_rows, statuses_for, statuses_of_rows


@dataclass
class UnitPage:
    """One page of each of a unit's lists, their totals, and the summary of every task it leads."""

    share: UnitTasks  # the rows shown, with their statuses
    lead_total: int
    support_total: int
    lead_summary: rules.Summary
    lead_next: int | None  # the position the next page of led tasks continues after
    support_next: int | None


def unit_page(
    *,
    plan: Plan,
    unit: Unit,
    today: dt.date,
    lead_after: int = -1,
    support_after: int = -1,
    size: int | None = None,
) -> UnitPage:
    """The unit's tasks in the plan, led and supported (also through a collective such as 各处室), each list
    paged by position after `lead_after` / `support_after` (-1: the first page), in a fixed number of queries.

    Only the unit's own links are read (by the unit index), not the plan's tasks; the summary of the led
    tasks is computed from their status columns, and only the rows shown are loaded whole.
    """
    size = size or PLAN_PAGE_SIZE
    collectives = dict(Unit.objects.collectives_containing(unit).order_by().values_list("pk", "name"))
    holders = [unit.pk, *collectives]
    links = (
        TaskUnit.objects.filter(unit_id__in=holders, task__plan_id=plan.pk)
        .order_by()
        .values_list("task_id", "task__position", "unit_id", "role")
    )
    # A direct mention outranks one through a collective, and leading outranks supporting.
    chosen: dict[int, tuple[tuple[bool, bool], int, int, str]] = {}
    for task_id, position, unit_id, role in links:
        rank = (role != TaskUnitRole.LEAD, unit_id != unit.pk)
        if task_id not in chosen or rank < chosen[task_id][0]:
            chosen[task_id] = (rank, position, unit_id, role)
    lead: list[tuple[int, int]] = []  # (position, task) of the tasks the unit leads, in plan order
    support: list[tuple[int, int]] = []
    for task_id, (_, position, _, role) in chosen.items():
        (lead if role == TaskUnitRole.LEAD else support).append((position, task_id))
    lead.sort()
    support.sort()

    leading = TaskUnit.objects.filter(unit_id__in=holders, role=TaskUnitRole.LEAD).values("task_id")
    led = Task.objects.filter(plan=plan, pk__in=leading)
    lead_statuses = statuses_of_rows(status_rows(plan=plan, tasks=led), plan=plan, today=today)

    lead_page = [task_id for position, task_id in lead if position > lead_after][: size + 1]
    support_page = [task_id for position, task_id in support if position > support_after][: size + 1]
    shown = {*lead_page[:size], *support_page[:size]}
    tasks = {task.pk: task for task in Task.objects.filter(pk__in=shown).for_display()}
    for task in tasks.values():
        task.plan = plan
    statuses = statuses_for(list(tasks.values()), today=today, plan=plan)

    def rows(ids: list[int]) -> list[TaskRow]:
        found = []
        for task_id in ids[:size]:
            via = chosen[task_id][2]
            row = TaskRow(task=tasks[task_id], via=None if via == unit.pk else collectives[via])
            row.status = statuses[task_id]
            found.append(row)
        return found

    def next_after(ids: list[int]) -> int | None:
        return tasks[ids[size - 1]].position if len(ids) > size else None

    return UnitPage(
        share=UnitTasks(unit=unit, lead=rows(lead_page), support=rows(support_page)),
        lead_total=len(lead),
        support_total=len(support),
        lead_summary=rules.summarize(lead_statuses.values(), today=today),
        lead_next=next_after(lead_page),
        support_next=next_after(support_page),
    )
