"""The automatic reminders besides the reporting cycle's: 签收 overdue and 推进节点 due soon.

Each builder returns unsaved reminders; `reminders.reminders_run` writes them with their deliveries in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from duban.plans.models import Plan
from duban.tracking import rules, signoff_rules
from duban.tracking.models import Reminder, ReminderKind, SignOff
from duban.tracking.selectors import OpenTask, node_facts


def signoff_reminders(*, plan: Plan, today: dt.date) -> list[Reminder]:
    """One 签收 reminder per unit with sign-offs past their day (unsaved): two queries per plan."""
    overdue: dict[int, list[SignOff]] = defaultdict(list)
    pending = (
        SignOff.objects.filter(plan=plan, signed_at__isnull=True, due_on__lt=today)
        .select_related("unit", "task")
        .order_by("unit_id", "task__position", "pk")
    )
    for signoff in pending:
        overdue[signoff.unit_id].append(signoff)
    keys = {
        unit_id: signoff_rules.signoff_reminder_key(
            plan_id=plan.pk, unit_id=unit_id, due_dates=[s.due_on for s in signoffs]
        )
        for unit_id, signoffs in overdue.items()
    }
    existing = set(
        Reminder.objects.filter(organization_id=plan.organization_id, key__in=list(keys.values()))
        .order_by()
        .values_list("key", flat=True)
    )
    wanted = []
    for unit_id, signoffs in overdue.items():
        if keys[unit_id] in existing:
            continue
        numbers = "、".join(dict.fromkeys(s.task.no for s in signoffs))
        wanted.append(
            Reminder(
                key=keys[unit_id],
                organization_id=plan.organization_id,
                plan=plan,
                unit=signoffs[0].unit,
                kind=ReminderKind.SIGNOFF,
                title="【签收提醒】有交办事项逾期未签收",
                body=f"《{plan.title}》第 {numbers} 项任务的交办或催办尚未签收，请登录督办系统签收。",
            )
        )
    return wanted


def node_reminders(*, plan: Plan, today: dt.date, tasks: list[OpenTask]) -> list[Reminder]:
    """Before an approved 推进节点's date, as before a report's due day: once per node and lead unit, unsaved.

    The open tasks come with their nodes and lead units (`selectors.tasks_open_in_plans`); one query per plan
    with a node due, for the keys already written.
    """
    days = rules.thresholds_of(plan).remind_days_before
    due: list[tuple[OpenTask, rules.Node]] = [
        (task, node)
        for task in tasks
        if task.node_figures
        for node in rules.nodes_due_soon(node_facts(task.node_figures), today=today, days_before=days)
    ]
    if not due:
        return []
    existing = set(
        Reminder.objects.filter(
            organization_id=plan.organization_id,
            plan=plan,
            kind=ReminderKind.NODE_DUE,
            period__in={node.due_on for _, node in due},
        )
        .order_by()
        .values_list("key", flat=True)
    )
    wanted: list[Reminder] = []
    for task, node in due:
        for unit in task.units:
            if unit.pk not in task.lead_unit_ids or unit.is_collective:
                continue
            key = f"{ReminderKind.NODE_DUE}:{task.pk}:{unit.pk}:{node.due_on.isoformat()}"
            if key in existing:
                continue
            existing.add(key)
            wanted.append(
                Reminder(
                    key=key,
                    organization_id=plan.organization_id,
                    plan=plan,
                    task_id=task.pk,
                    unit=unit,
                    kind=ReminderKind.NODE_DUE,
                    period=node.due_on,
                    title=f"【节点提醒】第 {task.no} 项任务节点{node.due_on:%m月%d日}到期",
                    body=(
                        f"《{plan.title}》第 {task.no} 项任务的推进节点“{node.title}”应于 "
                        f"{node.due_on:%Y-%m-%d} 前完成（对应进度 {node.percent}%），完成后请报告并附佐证。"
                    ),
                )
            )
    return wanted
