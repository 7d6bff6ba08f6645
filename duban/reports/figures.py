"""The circular's figures, computed from a ledger: pure functions, no database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from duban.reports.data import (
    CircularData,
    LedgerPlan,
    LedgerTask,
    Period,
    SectionProgress,
    SummaryFigures,
    TargetAchieved,
    TaskLine,
    UnitRank,
)

DEFAULT_OPENING = (
    "为推动《{plan}》各项任务落实落地，现将{period}各项任务推进情况通报如下。"
    "各责任单位要对照通报内容，认真落实责任，抓紧实施，确保按期完成各项任务。"
)


def effective_progress(task: LedgerTask) -> int:
    """A task's progress for averages: 100 once completed, 0 before any."""
    return 100 if task.completed else task.progress or 0


def average_progress(tasks: list[LedgerTask]) -> int | None:
    """The mean effective progress, None for no tasks."""
    return round(sum(effective_progress(t) for t in tasks) / len(tasks)) if tasks else None


def summary_figures(tasks: list[LedgerTask], period: Period) -> SummaryFigures:
    """Counts over all tasks of the plan on the circular's day."""
    completed = [t for t in tasks if t.completed]
    not_started = [t for t in tasks if not t.completed and not t.progress]
    return SummaryFigures(
        total=len(tasks),
        completed=len(completed),
        completed_in_period=sum(1 for t in completed if t.completed_on in period),
        in_progress=len(tasks) - len(completed) - len(not_started),
        not_started=len(not_started),
        overdue=sum(1 for t in tasks if t.overdue and not t.completed),
        behind=sum(1 for t in tasks if t.behind and not t.completed),
        lights={light: sum(1 for t in tasks if t.light == light) for light in ("green", "yellow", "red")},
        average_progress=average_progress(tasks),
    )


def unit_ranking(tasks: list[LedgerTask]) -> list[UnitRank]:
    """Lead units ranked by completion rate, then average progress, then fewest overdue tasks."""
    by_unit: dict[str, list[LedgerTask]] = defaultdict(list)
    for task in tasks:
        for unit in task.lead_units:
            by_unit[unit].append(task)
    rows = [
        (
            unit,
            len(led),
            sum(1 for t in led if t.completed),
            average_progress(led),
            sum(1 for t in led if t.overdue and not t.completed),
        )
        for unit, led in by_unit.items()
    ]
    rows.sort(key=lambda r: (-r[2] / r[1], -(r[3] or 0), r[4], r[0]))
    return [
        UnitRank(rank=i, unit=u, lead_tasks=n, completed=c, average_progress=p, overdue=o)
        for i, (u, n, c, p, o) in enumerate(rows, start=1)
    ]


def _line(task: LedgerTask) -> TaskLine:
    return TaskLine(
        no=task.no,
        text=task.text,
        lead_units=task.lead_units,
        support_units=task.support_units,
        progress=task.progress,
        expected=task.expected,
        deadline=task.extended_deadline or task.deadline,
        completed_on=task.completed_on,
    )


def circular_from_ledger(
    ledger: LedgerPlan,
    *,
    period: Period,
    issuer: str,
    issued_on: dt.date,
    opening: str | None = None,
    addressees: str = "",
    cc: str = "",
) -> CircularData:
    """Everything the circular for `period` says, from the plan's ledger on the circular's day."""
    tasks = ledger.tasks
    open_tasks = [t for t in tasks if not t.completed]
    overdue = [t for t in open_tasks if t.overdue]
    lagging = [t for t in open_tasks if not t.overdue and (t.behind or t.light in ("yellow", "red"))]
    return CircularData(
        title=f"关于{period.label}工作任务推进情况的通报",
        plan_title=ledger.title,
        period=period,
        issuer=issuer,
        issued_on=issued_on,
        opening=opening.strip()
        if opening and opening.strip()
        else DEFAULT_OPENING.format(plan=ledger.title, period=period.label),
        figures=summary_figures(tasks, period),
        sections=[
            SectionProgress(
                heading=s.heading,
                total=len(s.tasks),
                completed=sum(1 for t in s.tasks if t.completed),
                average_progress=average_progress(s.tasks),
                red=sum(1 for t in s.tasks if t.light == "red"),
            )
            for s in ledger.sections
        ],
        units=unit_ranking(tasks),
        completed=[_line(t) for t in tasks if t.completed_on in period],
        lagging=[_line(t) for t in lagging],
        overdue=[_line(t) for t in overdue],
        targets_achieved=[
            TargetAchieved(task_no=t.no, metric=x.metric, planned=x.planned_text, actual=x.actual_text)
            for t in tasks
            for x in t.targets
            if x.met
        ],
        addressees=addressees,
        cc=cc,
        as_of=ledger.as_of,
    )
