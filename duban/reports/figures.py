"""The circular's figures, computed from a ledger: pure functions, no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal

from duban.lib.numbers import number_text
from duban.reports.data import (
    CircularData,
    LedgerPlan,
    LedgerTask,
    Period,
    SectionProgress,
    SummaryFigures,
    TargetAchieved,
    TargetBehind,
    TaskLine,
    UnitRank,
)
from duban.tracking import rules

DEFAULT_OPENING = (
    "为推动《{plan}》{number}各项任务落实落地，现将{period}各项任务推进情况通报如下。"
    "各责任单位要对照通报内容，认真落实责任，抓紧实施，确保按期完成各项任务。"
)


def effective_progress(task: LedgerTask) -> int:
    """A task's progress for averages: 100 once completed, 0 before any."""
    return 100 if task.completed else task.progress or 0


def average_progress(tasks: list[LedgerTask]) -> int | None:
    """The mean effective progress, None for no tasks."""
    return round(sum(effective_progress(t) for t in tasks) / len(tasks)) if tasks else None


def ledger_summary(tasks: list[LedgerTask]) -> rules.Summary:
    """tracking.rules.Summary over ledger rows: the one place 按期办结率, 办结率 and 按时报送率 come from."""
    return rules.Summary(
        total=len(tasks),
        completed=sum(1 for t in tasks if t.completed),
        due=sum(1 for t in tasks if t.due),
        completed_on_time=sum(1 for t in tasks if t.completed_on_time),
        overdue=sum(1 for t in tasks if t.due and t.overdue),
        lights=_lights(tasks),
        reports_owed=sum(t.reports_owed for t in tasks),
        reports_made=sum(t.reports_made for t in tasks),
    )


def summary_figures(tasks: list[LedgerTask], period: Period) -> SummaryFigures:
    """Counts and rates over the tasks on the circular's day; the rates are tracking.rules.Summary's."""
    completed = [t for t in tasks if t.completed]
    not_started = [t for t in tasks if not t.completed and not t.progress]
    lights = _lights(tasks)
    summary = ledger_summary(tasks)
    return SummaryFigures(
        total=len(tasks),
        completed=len(completed),
        completed_in_period=sum(1 for t in completed if t.completed_on in period),
        in_progress=len(tasks) - len(completed) - len(not_started),
        not_started=len(not_started),
        overdue=sum(1 for t in tasks if t.overdue and not t.completed),
        behind=sum(1 for t in tasks if t.lagging),
        lights=lights,
        average_progress=average_progress(tasks),
        on_time_rate=_whole(summary.on_time_completion_rate),
        overdue_rate=_whole(summary.overdue_rate),
        reports_rate=_whole(summary.reports_on_time_rate),
    )


def _whole(rate: float | None) -> int | None:
    return None if rate is None else round(100 * rate)


def _lights(tasks: list[LedgerTask]) -> dict[str, int]:
    return {light: sum(1 for t in tasks if t.light == light) for light in ("green", "yellow", "red")}


def unit_ranking(tasks: list[LedgerTask], collectives: frozenset[str] = frozenset()) -> list[UnitRank]:
    """Lead units ranked by completion rate, then average progress, then fewest overdue tasks.

    Units with the same three figures share a place (并列); a collective (各处室) is no unit and not ranked.
    """
    by_unit: dict[str, list[LedgerTask]] = defaultdict(list)
    for task in tasks:
        for unit in task.lead_units:
            if unit not in collectives:
                by_unit[unit].append(task)
    rows = [
        (
            unit,
            len(led),
            sum(1 for t in led if t.completed),
            average_progress(led),
            sum(1 for t in led if t.overdue and not t.completed),
            led,
        )
        for unit, led in by_unit.items()
    ]

    def score(row: tuple[str, int, int, int | None, int, list[LedgerTask]]) -> tuple[float, int, int]:
        return (-row[2] / row[1], -(row[3] or 0), row[4])

    rows.sort(key=lambda r: (*score(r), r[0]))
    counts = Counter(score(r) for r in rows)
    ranks: list[UnitRank] = []
    for index, (unit, total, done, average, overdue, led) in enumerate(rows, start=1):
        place = index if index == 1 or score(rows[index - 2]) != score(rows[index - 1]) else ranks[-1].rank
        lights = _lights(led)
        ranks.append(
            UnitRank(
                rank=place,
                unit=unit,
                lead_tasks=total,
                completed=done,
                average_progress=average,
                overdue=overdue,
                tied=counts[score(rows[index - 1])] > 1,
                green=lights["green"],
                yellow=lights["yellow"],
                red=lights["red"],
                missed_reports=sum(1 for t in led if t.missed_in_a_row),
            )
        )
    return ranks


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
        reasons=tuple(task.reasons),
        report_text=task.report_text,
        report_date=task.report_date,
    )


def targets_behind(tasks: list[LedgerTask]) -> list[TargetBehind]:
    """Reported targets of open tasks below the share of the target their 序时进度 asks for."""
    result: list[TargetBehind] = []
    for task in tasks:
        if task.completed or not task.expected:
            continue
        for target in task.targets:
            if target.actual is None or target.op not in (">=", "+") or target.planned <= 0:
                continue
            wanted = target.planned * Decimal(task.expected) / 100
            if target.actual < wanted:
                result.append(
                    TargetBehind(
                        task_no=task.no,
                        metric=target.metric,
                        planned=target.planned_text,
                        actual=target.actual_text,
                        expected=f"{number_text(round(wanted, 2))}{target.unit}",
                    )
                )
    return result


def praise_text(units: list[UnitRank], completed: list[TaskLine]) -> str:
    """表扬: units whose every lead task is green, none overdue, every cycle reported; tasks done early."""
    good = [u.unit for u in units if u.lead_tasks and u.green == u.lead_tasks and not u.missed_reports]
    early = [t for t in completed if t.deadline and t.completed_on and t.completed_on < t.deadline]
    parts: list[str] = []
    if good:
        parts.append(f"{'、'.join(good)}牵头的任务全部亮绿灯，均按时报送进展，予以表扬")
    if early:
        parts.append(f"第{'、'.join(t.no for t in early)}项任务提前办结")
    return "。".join(parts) + "。" if parts else ""


def criticism_text(units: list[UnitRank]) -> str:
    """批评: units with red lights, overdue tasks or missed reports, with their counts."""
    named: list[str] = []
    for u in units:
        faults = [
            f"{label}{count}项"
            for label, count in (("红灯", u.red), ("逾期", u.overdue), ("未按时报送", u.missed_reports))
            if count
        ]
        if faults:
            named.append(f"{u.unit}（{'，'.join(faults)}）")
    if not named:
        return ""
    return f"{'、'.join(named)}存在亮红灯、逾期或未按时报送进展的情况，予以通报批评，请切实整改。"


def requirements_text(figures: SummaryFigures) -> str:
    """下步工作要求, naming what the figures call for."""
    asks = ["各牵头单位要对照任务分工，按月报送进展，确保按时保质完成各项任务"]
    if figures.overdue:
        asks.append(f"对{figures.overdue}项逾期未办结的任务，牵头单位要说明原因、明确办结时间")
    if figures.behind:
        asks.append(f"对{figures.behind}项进度滞后的任务，要制定措施、加快推进")
    if figures.lights.get("red"):
        asks.append("亮红灯的任务由督查室跟踪督办，直至销号")
    return "".join(f"{'一二三四五'[i]}是{ask}。" for i, ask in enumerate(asks))


def circular_from_ledger(
    ledger: LedgerPlan,
    *,
    period: Period,
    issuer: str,
    issued_on: dt.date,
    opening: str | None = None,
    addressees: str = "",
    cc: str = "",
    previous: SummaryFigures | None = None,
    previous_label: str = "",
    paragraphs: Mapping[str, str] | None = None,
    issue_no: int | None = None,
) -> CircularData:
    """Everything the circular for `period` says, from the plan's ledger at the period's end."""
    tasks = ledger.tasks
    collectives = frozenset(ledger.collectives)
    overdue = [t for t in tasks if t.overdue and not t.completed]
    lagging = [t for t in tasks if t.lagging]
    figures = summary_figures(tasks, period)
    units = unit_ranking(tasks, collectives)
    completed = [_line(t) for t in tasks if t.completed_on in period]
    edited = {k: v.strip() for k, v in (paragraphs or {}).items() if v and v.strip()}
    if opening and opening.strip():
        edited.setdefault("opening", opening.strip())
    missed: dict[str, int] = defaultdict(int)
    for task in tasks:
        if task.missed_in_a_row:
            for unit in task.lead_units:
                if unit not in collectives:
                    missed[unit] += 1
    return CircularData(
        title=f"关于{ledger.unit or ''}{period.label}工作任务推进情况的通报",
        plan_title=ledger.title,
        period=period,
        issuer=issuer,
        issued_on=issued_on,
        opening=edited.get("opening")
        or DEFAULT_OPENING.format(
            plan=ledger.title,
            number=f"（{ledger.doc_number}）" if ledger.doc_number else "",
            period=period.label,
        ),
        figures=figures,
        sections=[
            SectionProgress(
                heading=s.heading,
                total=len(s.tasks),
                completed=sum(1 for t in s.tasks if t.completed),
                average_progress=average_progress(s.tasks),
                red=sum(1 for t in s.tasks if t.light == "red"),
                green=sum(1 for t in s.tasks if t.light == "green"),
                yellow=sum(1 for t in s.tasks if t.light == "yellow"),
                overdue=sum(1 for t in s.tasks if t.overdue and not t.completed),
            )
            for s in ledger.sections
        ],
        units=units,
        completed=completed,
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
        previous=previous,
        previous_label=previous_label,
        missed_units=sorted(missed.items(), key=lambda kv: (-kv[1], kv[0])),
        targets_behind=targets_behind(tasks),
        praise=edited.get("praise") or praise_text(units, completed),
        criticism=edited.get("criticism") or criticism_text(units),
        requirements=edited.get("requirements") or requirements_text(figures),
        issue_no=issue_no,
        unit=ledger.unit,
        documents_issued=[d for d in ledger.documents if d.issued and d.issued_on in period],
        documents_pending=[d for d in ledger.documents if not d.issued],
    )
