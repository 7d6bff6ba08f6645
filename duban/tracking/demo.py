"""A believable first half-year for the demo plan: reports, reviews, a return, extensions and completions.

Everything goes through the real services (so permissions, states and the audit trail are genuine); only
the timestamps are moved back afterwards to the simulated day each step happened on. The demo is meant
to be seen on DEMO_TODAY (`DUBAN_TODAY=2025-07-10`, set by `make demo`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Unit, User
from duban.plans.models import Plan, PlanStatus, Task, TaskUnitRole
from duban.plans.services import plan_publish, task_schedule_set
from duban.tracking.demo_documents import demo_documents_load
from duban.tracking.models import AuditEntry, CompletionRequest, ExtensionRequest, ProgressReport, Reminder
from duban.tracking.services import milestones, reminders, reports, requests
from duban.tracking.services.attachments import Upload
from duban.tracking.services.milestones import NodeInput

DEMO_TODAY = dt.date(2025, 7, 10)
T = TypeVar("T")

# task number → how its half-year went; every other task reports on pace and is approved.
DONE = {1: 5, 4: 6, 21: 4}  # completed in that month
AHEAD = {10, 17}
LAGGING = {6, 13, 24, 29}  # yellow: behind pace
MISSED_JUNE = {16}  # yellow: one cycle missed
STALLED = {15, 31}  # red: stopped reporting after March
FAR_BEHIND = {22}  # red: more than 25 points behind
OVERDUE = {33: dt.date(2025, 6, 30)}  # red: deadline passed
EXTENDED = {14: (dt.date(2025, 6, 30), dt.date(2025, 10, 31))}  # 已延期, approved in June
RETURNED = 8  # June report returned, revised and waiting for review again
WAITING = {11, 19}  # June report waiting for review
COMPLETION_WAITING = 27
EXTENSION_WAITING = (30, dt.date(2026, 1, 31))
SUPPORT_REPORTS = {2, 8, 12, 23}
URGED = (12, dt.date(2025, 7, 8))  # a 催办 to the lead unit, not yet answered by a report
# 推进计划 proposed by the lead unit in January and approved: task 3 misses its June node (yellow, with the
# node named), task 7 is on its nodes and has a change waiting for review.
NODES = (
    NodeInput(dt.date(2025, 3, 31), "完成调研摸底", 25),
    NodeInput(dt.date(2025, 6, 30), "出台实施方案", 50),
    NodeInput(dt.date(2025, 9, 30), "完成试点", 75),
)
NODES_MISSED, NODES_KEPT = 3, 7

EVIDENCE = Upload(name="工作推进情况.txt", content="本月工作推进情况说明（演示材料）。\n".encode())


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _at(moment: dt.datetime, action: Callable[[], T]) -> T:
    """Run a service call and date the audit entries it wrote to the simulated moment."""
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = action()
    AuditEntry.objects.filter(pk__gt=last).update(at=moment)
    return result


def _progress(no: int, month: int) -> int:
    expected = round(100 * month / 12)
    if no in AHEAD:
        return min(expected + 15, 95)
    if no in LAGGING:
        return max(expected - 20, 5)
    if no in FAR_BEHIND:
        return max(expected - 32, 2)
    if no in STALLED:
        return 5 * month + 5
    return min(expected + (no % 3) * 2, 95)


def _report(task: Task, unit: Unit, user: User, month: int, *, lead: bool, text: str = "") -> ProgressReport:
    day = dt.date(2025, month, 18 + task.position % 6)
    progress = _progress(int(task.no), month) if lead else None
    values: dict[int, Decimal] = {}
    if lead:
        for target in task.targets.all():
            share = Decimal(progress or 0) / 100
            values[target.pk] = (
                target.value if target.op == "<=" else (target.value * share).quantize(Decimal(1))
            )
    body = text or (
        f"{month}月：按计划推进，已完成阶段性工作，进度 {progress}%。"
        if lead
        else f"{month}月：配合牵头单位完成相关工作。"
    )
    report = _at(
        _moment(day),
        lambda: reports.report_save(
            task=task,
            unit=unit,
            by=user,
            text=body,
            progress=progress,
            target_values=values,
            files=[EVIDENCE] if month % 3 == 0 else [],
            submit=True,
            today=day,
        ),
    )
    ProgressReport.objects.filter(pk=report.pk).update(created_at=_moment(day), submitted_at=_moment(day))
    return report


def _quality(report: ProgressReport) -> str:
    """The supervisor's rating of a demo report: mostly 良, 优 for tasks ahead, 中 or 差 for those behind."""
    no = int(report.task.no)
    if no in AHEAD or no in DONE:
        return "excellent"
    if no in LAGGING or no in FAR_BEHIND or no in STALLED:
        return "fair" if report.period.month % 2 else "poor"
    return ("good", "good", "excellent", "fair")[(no + report.period.month) % 4]


def _approve(report: ProgressReport, supervisor: User, *, comment: str = "") -> None:
    moment = _moment(report.period + dt.timedelta(days=2), 15)
    quality = _quality(report)
    _at(
        moment, lambda: reports.report_approve(report=report, by=supervisor, comment=comment, quality=quality)
    )
    ProgressReport.objects.filter(pk=report.pk).update(reviewed_at=moment)


def _task_history(task: Task, lead: Unit, users: dict[int, User], supervisor: User) -> None:
    no = int(task.no)
    last_month = 6
    if no in STALLED:
        last_month = 3
    if no in MISSED_JUNE:
        last_month = 5
    if no in DONE:
        last_month = DONE[no]
    liaison = users[lead.pk]
    for month in range(1, last_month + 1):
        report = _report(task, lead, liaison, month, lead=True)
        if month == 6 and no == RETURNED:
            moment = _moment(dt.date(2025, 6, 27), 9)
            _at(
                moment,
                partial(
                    reports.report_return,
                    report=report,
                    by=supervisor,
                    reason="缺少学位建设项目清单，请补充佐证材料后重新报送。",
                ),
            )
            revised = _at(
                _moment(dt.date(2025, 7, 2)),
                partial(
                    reports.report_save,
                    task=task,
                    unit=lead,
                    by=liaison,
                    text="6月：已补充学位建设项目清单（见附件）。",
                    progress=_progress(no, 6),
                    files=[EVIDENCE],
                    submit=True,
                    revise=report,
                ),
            )
            ProgressReport.objects.filter(pk=revised.pk).update(
                created_at=_moment(dt.date(2025, 7, 2)), submitted_at=_moment(dt.date(2025, 7, 2))
            )
            ProgressReport.objects.filter(pk=report.pk).update(reviewed_at=moment)
        elif not (month == 6 and no in WAITING):
            _approve(report, supervisor)
        if no in SUPPORT_REPORTS and month % 3 == 0:
            for link in task.task_units.all():
                if link.role == TaskUnitRole.SUPPORT and link.unit.pk in users:
                    _approve(_report(task, link.unit, users[link.unit.pk], month, lead=False), supervisor)
    if no in DONE:
        day = dt.date(2025, DONE[no], 26)
        request = _at(
            _moment(day),
            lambda: requests.completion_request(
                task=task, unit=lead, by=liaison, reason="任务已全部完成，相关文件已印发。", files=[EVIDENCE]
            ),
        )
        decided = day + dt.timedelta(days=3)
        _at(
            _moment(decided),
            lambda: requests.completion_approve(request=request, by=supervisor, today=decided),
        )
        CompletionRequest.objects.filter(pk=request.pk).update(
            requested_at=_moment(day), decided_at=_moment(decided)
        )


def demo_history_load(*, plan: Plan, supervisor: User, liaisons: dict[int, User]) -> bool:
    """Publish the demo plan and play its first half-year, once; False when it was already published."""
    if plan.status != PlanStatus.DRAFT:
        return False
    with transaction.atomic():
        _at(_moment(dt.date(2025, 1, 2)), lambda: plan_publish(plan=plan, by=supervisor))
        tasks = list(
            Task.objects.filter(plan=plan)
            .select_related("plan")
            .prefetch_related("task_units__unit", "targets")
        )
        for task in tasks:
            no = int(task.no)
            deadline = OVERDUE.get(no) or (EXTENDED[no][0] if no in EXTENDED else None)
            if deadline is not None:
                _at(
                    _moment(dt.date(2025, 1, 3)),
                    partial(task_schedule_set, task=task, by=supervisor, deadline=deadline),
                )
                task.refresh_from_db()
        for task in tasks:
            lead = task.lead_units[0]
            if lead.pk in liaisons:
                _task_history(task, lead, liaisons, supervisor)
        _requests_waiting(tasks, liaisons, supervisor)
        demo_documents_load(tasks=tasks, liaisons=liaisons, supervisor=supervisor, at=_at)
        _urge(tasks, supervisor)
        _milestones(tasks, liaisons, supervisor)
    return True


def _urge(tasks: list[Task], supervisor: User) -> None:
    no, day = URGED
    task = next(task for task in tasks if int(task.no) == no)
    sent = _at(
        _moment(day),
        lambda: reminders.reminder_send(
            task=task,
            by=supervisor,
            message="请于7月20日前报送7月进展，并说明资源中心建设进度。",
            units=task.lead_units,
        ),
    )
    Reminder.objects.filter(pk__in=[r.pk for r in sent.reminders]).update(created_at=_moment(day))


def _milestones(tasks: list[Task], users: dict[int, User], supervisor: User) -> None:
    by_no = {int(task.no): task for task in tasks}
    for no in (NODES_MISSED, NODES_KEPT):
        task, lead = by_no[no], by_no[no].lead_units[0]
        liaison = users.get(lead.pk)
        if liaison is None:
            continue
        _at(
            _moment(dt.date(2025, 1, 10)),
            partial(milestones.milestones_propose, task=task, by=liaison, nodes=NODES),
        )
        _at(_moment(dt.date(2025, 1, 14)), partial(milestones.milestones_approve, task=task, by=supervisor))
        done = [(0, dt.date(2025, 3, 28), "调研报告已形成（见3月进展附件）。")]
        if no == NODES_KEPT:
            done.append((1, dt.date(2025, 6, 27), "实施方案已印发。"))
        nodes = list(task.milestone_set.filter(state="approved").order_by("position"))
        for position, day, evidence in done:
            _at(
                _moment(day),
                partial(
                    milestones.milestone_done,
                    milestone=nodes[position],
                    by=liaison,
                    done_on=day,
                    evidence=evidence,
                ),
            )
        if no == NODES_KEPT:
            later = (*NODES[:2], NodeInput(dt.date(2025, 10, 31), "完成试点", 75))
            _at(
                _moment(dt.date(2025, 7, 7)),
                partial(milestones.milestones_propose, task=task, by=liaison, nodes=later),
            )


def _requests_waiting(tasks: list[Task], users: dict[int, User], supervisor: User) -> None:
    by_no = {int(task.no): task for task in tasks}
    for no, (old, new) in EXTENDED.items():
        task = by_no[no]
        lead = task.lead_units[0]
        request = _at(
            _moment(dt.date(2025, 6, 16)),
            partial(
                requests.extension_request,
                task=task,
                unit=lead,
                by=users[lead.pk],
                new_deadline=new,
                reason="需等待省级配套政策出台后实施。",
            ),
        )
        _at(
            _moment(dt.date(2025, 6, 18)),
            partial(requests.extension_approve, request=request, by=supervisor),
        )
        ExtensionRequest.objects.filter(pk=request.pk).update(requested_at=_moment(dt.date(2025, 6, 16)))
        assert old < new
    task = by_no[COMPLETION_WAITING]
    lead = task.lead_units[0]
    _at(
        _moment(dt.date(2025, 7, 8)),
        lambda: requests.completion_request(
            task=task, unit=lead, by=users[lead.pk], reason="年度工作要点已印发并完成分解。", files=[EVIDENCE]
        ),
    )
    no, new = EXTENSION_WAITING
    task = by_no[no]
    lead = task.lead_units[0]
    _at(
        _moment(dt.date(2025, 7, 9)),
        lambda: requests.extension_request(
            task=task, unit=lead, by=users[lead.pk], new_deadline=new, reason="校舍安全排查需跨年度完成。"
        ),
    )
