"""From the plan models to the exporters' plain data.

What only duban.tracking knows (state on a day, light, expected progress, latest report, target values,
reports) comes in through two hooks with neutral defaults, so this module never imports tracking:

- `tracking(tasks, today) -> {task pk: TaskTracking}`, default `neutral_tracking` (the Task row alone);
- `reports(plan, tasks, until) -> [ReportRow]`, default `no_reports`;
- `documents(tasks, today) -> [DocumentRow]`, default `no_documents` (the documents tasks must issue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from duban.accounts.models import Unit, UnitKind
from duban.plans.models import Plan, PlanStatus, Section, Task, TaskState
from duban.plans.selectors import plan_unit_tasks
from duban.reports.data import (
    CircularData,
    DocumentRow,
    LedgerPlan,
    LedgerSection,
    LedgerTask,
    Light,
    NodeRow,
    Period,
    ReportRow,
    SubordinateRollup,
    TargetRow,
)
from duban.reports.figures import circular_from_ledger, summary_figures
from duban.reports.periods import previous_period

UNSECTIONED_TITLE = "未分板块"


@dataclass(frozen=True)
class TaskTracking:
    """What the supervision cycle knows about a task on one day (filled by duban.tracking once wired)."""

    state_label: str
    progress: int | None = None
    completed_on: dt.date | None = None
    overdue: bool = False
    light: Light | None = None
    expected: int | None = None
    behind: bool = False
    report_text: str = ""
    report_date: dt.date | None = None
    target_actuals: Mapping[int, Decimal] = field(default_factory=dict)  # by Target pk
    target_met: Mapping[int, bool] = field(default_factory=dict)  # by Target pk
    lagging: bool = False
    reasons: tuple[str, ...] = ()  # why the light is yellow or red, in the rules' words
    due: bool = False  # completed or past its deadline: counted in 按期办结率 and 逾期率
    completed_on_time: bool = False
    reports_owed: int = 0
    reports_made: int = 0
    missed_in_a_row: int = 0
    problems: str = ""  # 存在问题 of the latest approved lead report
    next_steps: str = ""  # 下步计划
    evidence: int = 0  # files filed on the task (reports and 办结 applications)


# (tasks, day, rewind): rewind asks for the tasks as they stood at the end of that past day.
TrackingHook = Callable[[Sequence[Task], dt.date, bool], Mapping[int, TaskTracking]]
# (plan, tasks, until): the reports of cycles due by `until`, or all of them for None.
ReportsHook = Callable[[Plan, Sequence[Task], dt.date | None], list[ReportRow]]
# (plan, day, rewind): the subordinates' roll-up of a plan's cascaded tasks on a day (None when nothing was
# cascaded); rewind asks for them as they stood at the end of that past day.
SubordinatesHook = Callable[[Plan, dt.date, bool], SubordinateRollup | None]


def no_subordinates(plan: Plan, today: dt.date, rewind: bool = False) -> SubordinateRollup | None:
    """Without tracking wired in, a circular says nothing of subordinates."""
    return None


# (tasks, day): the documents the tasks must issue, each issued or not by that day, in plan order.
DocumentsHook = Callable[[Sequence[Task], dt.date], list[DocumentRow]]


def no_documents(tasks: Sequence[Task], today: dt.date) -> list[DocumentRow]:
    """No documents: the neutral default until duban.tracking is wired in."""
    return []


def neutral_tracking(tasks: Sequence[Task], today: dt.date, rewind: bool = False) -> dict[int, TaskTracking]:
    """What the Task rows alone say: state, stored progress, completion date, past its deadline."""
    result: dict[int, TaskTracking] = {}
    for task in tasks:
        completed = task.state == TaskState.COMPLETED
        deadline = task.extended_deadline or task.deadline or task.plan.default_deadline
        overdue = not completed and deadline is not None and today > deadline
        result[task.pk] = TaskTracking(
            state_label="中止" if task.is_suspended else task.get_state_display(),
            progress=100 if completed else task.progress,
            completed_on=task.completed_on if completed else None,
            overdue=overdue,
            due=completed or overdue,
            completed_on_time=completed
            and (deadline is None or task.completed_on is None or task.completed_on <= deadline),
        )
    return result


def no_reports(plan: Plan, tasks: Sequence[Task], until: dt.date | None) -> list[ReportRow]:
    """No reports: the neutral default until duban.tracking is wired in."""
    return []


def plan_tasks_for_export(plan: Plan, unit: Unit | None = None) -> tuple[list[Task], dict[int, str]]:
    """The plan's tasks in order with units and targets loaded, or one unit's share with its role in each."""
    tasks = list(Task.objects.filter(plan=plan).select_related("plan").for_display())
    if unit is None:
        return tasks, {}
    share = plan_unit_tasks(plan=plan, unit=unit, tasks=tasks)
    roles: dict[int, str] = {}
    for label, rows in (("牵头", share.lead), ("参与", share.support)):
        for row in rows:
            roles[row.task.pk] = f"{label}（经{row.via}）" if row.via else label
    return [task for task in tasks if task.pk in roles], roles


def ledger_data_from_plan(
    plan: Plan,
    *,
    today: dt.date,
    unit: Unit | None = None,
    tracking: TrackingHook = neutral_tracking,
    reports: ReportsHook = no_reports,
    rewind: bool = False,
    documents: DocumentsHook = no_documents,
) -> LedgerPlan:
    """The ledger of a plan on `today` (at the end of that past day with `rewind`), or of one unit's share."""
    tasks, roles = plan_tasks_for_export(plan, unit)
    facts = tracking(tasks, today, rewind)
    by_section: dict[int | None, list[LedgerTask]] = {}
    for task in tasks:
        row = _ledger_task(task, facts[task.pk])
        row.unit_role = roles.get(task.pk, "")
        by_section.setdefault(task.section_id, []).append(row)
    sections = [
        LedgerSection(no=s.no, title=s.title, tasks=by_section.get(s.pk, []))
        for s in Section.objects.filter(plan=plan).order_by("position")
    ]
    if None in by_section:
        # Tasks outside any section come first: on re-import they must not fall into a section.
        sections.insert(0, LedgerSection(no=None, title=UNSECTIONED_TITLE, tasks=by_section[None]))
    if unit is not None:
        sections = [s for s in sections if s.tasks]
    named = {u.pk: u for t in tasks for u in (*t.lead_units, *t.support_units)}
    collectives = [u for u in named.values() if u.kind == UnitKind.COLLECTIVE]
    return LedgerPlan(
        title=plan.title,
        as_of=today,
        sections=sections,
        notice_title=plan.notice_title,
        issuer=plan.issuer,
        issue_date=plan.issue_date,
        year=plan.year,
        unit=unit.name if unit is not None else None,
        reports=reports(plan, tasks, today if rewind else None),
        doc_number=plan.doc_number,
        addressees=plan.addressees,
        cc=plan.cc,
        default_deadline=plan.default_deadline,
        collectives=sorted(u.name for u in collectives),
        members=_members(collectives, [u for u in named.values() if u.kind != UnitKind.COLLECTIVE]),
        documents=documents(tasks, today),
        nodes=node_rows(tasks, today),
    )


def node_rows(tasks: Sequence[Task], today: dt.date) -> list[NodeRow]:
    """The approved 推进节点 of the tasks as kept on each (`Task.node_figures`), done only if by `today`."""
    rows: list[NodeRow] = []
    for task in tasks:
        for figure in task.node_figures or []:
            done = dt.date.fromisoformat(figure["done"]) if figure.get("done") else None
            rows.append(
                NodeRow(
                    task_no=task.no,
                    task_text=task.text,
                    due_on=dt.date.fromisoformat(figure["on"]),
                    title=str(figure["title"]),
                    percent=int(figure["pct"]),
                    done_on=done if done is not None and done <= today else None,
                )
            )
    return rows


def ledger_rows(
    tasks: Sequence[Task], *, today: dt.date, tracking: TrackingHook = neutral_tracking, rewind: bool = False
) -> list[LedgerTask]:
    """Ledger rows of tasks from any plans (loaded as `for_display` with their plan), in the given order."""
    facts = tracking(tasks, today, rewind)
    return [_ledger_task(task, facts[task.pk]) for task in tasks]


def _members(collectives: list[Unit], units: list[Unit]) -> dict[str, list[str]]:
    """The plan's units each collective stands for: its members, or every unit when it names none."""
    if not collectives:
        return {}
    explicit: dict[int, set[int]] = {c.pk: set() for c in collectives}
    pairs = Unit.members.through.objects.filter(from_unit_id__in=list(explicit)).values_list(
        "from_unit_id", "to_unit_id"
    )
    for collective_id, member_id in pairs:
        explicit[collective_id].add(member_id)
    return {
        c.name: [u.name for u in units if not explicit[c.pk] or u.pk in explicit[c.pk]] for c in collectives
    }


def _ledger_task(task: Task, facts: TaskTracking) -> LedgerTask:
    remarks = list(task.unit_marks)
    if task.is_suspended:
        remarks.append("已中止")
    return LedgerTask(
        no=task.no,
        section_no=task.section.no if task.section is not None else None,
        text=task.text,
        lead_units=[u.name for u in task.lead_units],
        support_units=[u.name for u in task.support_units],
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        extended_deadline=task.extended_deadline,
        state_label=facts.state_label,
        light=facts.light,
        progress=facts.progress,
        expected=facts.expected,
        report_text=facts.report_text,
        report_date=facts.report_date,
        targets=[
            TargetRow(
                metric=t.metric,
                unit=t.unit,
                op=t.op,
                planned=t.value,
                actual=facts.target_actuals.get(t.pk),
                met=facts.target_met.get(t.pk),
            )
            for t in task.targets.all()
        ],
        remarks="；".join(remarks),
        completed_on=facts.completed_on,
        overdue=facts.overdue,
        behind=facts.behind,
        lagging=facts.lagging,
        reasons=list(facts.reasons),
        leaders=[str(name) for name in task.leaders or []],
        problems=facts.problems,
        next_steps=facts.next_steps,
        evidence=facts.evidence,
        due=facts.due,
        completed_on_time=facts.completed_on_time,
        reports_owed=facts.reports_owed,
        reports_made=facts.reports_made,
        missed_in_a_row=facts.missed_in_a_row,
    )


class ExportRefused(ValueError):
    """An export that cannot be made as asked, with the reason in the interface's words."""


UNPUBLISHED = "方案“{title}”尚未发布，还没有进展可以通报。请先发布方案，再生成通报。"


def circular_data_from_plan(
    plan: Plan,
    *,
    period: Period,
    today: dt.date,
    unit: Unit | None = None,
    issued_on: dt.date | None = None,
    issuer: str | None = None,
    opening: str | None = None,
    paragraphs: Mapping[str, str] | None = None,
    issue_no: int | None = None,
    tracking: TrackingHook = neutral_tracking,
    subordinates: SubordinatesHook = no_subordinates,
    documents: DocumentsHook = no_documents,
) -> CircularData:
    """The circular of a plan (or of one unit's share) for `period`, as at the period's end (or `today`)."""
    if plan.status == PlanStatus.DRAFT:
        raise ExportRefused(UNPUBLISHED.format(title=plan.title))
    as_of = min(period.end, today)
    before = previous_period(period)
    previous = None
    if before.end >= (plan.start_date or plan.issue_date or before.start):
        earlier = ledger_data_from_plan(
            plan, today=min(before.end, today), unit=unit, tracking=tracking, rewind=before.end < today
        )
        previous = summary_figures(earlier.tasks, before)
    ledger = ledger_data_from_plan(
        plan, today=as_of, unit=unit, tracking=tracking, rewind=as_of < today, documents=documents
    )
    data = circular_from_ledger(
        ledger,
        period=period,
        issuer=issuer or plan.issuer or plan.organization.name,
        issued_on=issued_on or today,
        opening=opening,
        addressees=plan.addressees,
        cc=plan.cc,
        previous=previous,
        previous_label=before.label,
        paragraphs=paragraphs,
        issue_no=issue_no,
    )
    if unit is None:  # a unit's own circular is about its tasks, not the subordinates'
        data.subordinates = subordinates(plan, as_of, as_of < today)
    return data
