"""Reminders before an approved 推进节点's date, like before a report's due day."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.plans.models import Milestone
from duban.tracking.models import Notification, Reminder, ReminderKind
from duban.tracking.services.milestones import NodeInput, milestone_done, milestones_set
from duban.tracking.services.reminders import reminders_run
from duban.tracking.tests.helpers import published_plan, task

NODES = [NodeInput(dt.date(2025, 6, 30), "出台实施方案"), NodeInput(dt.date(2025, 9, 30), "完成试点")]
BEFORE = dt.date(2025, 6, 28)  # within the plan's 3 days before the first node


def node_reminders(result):
    return [r for r in result.reminders if r.kind == ReminderKind.NODE_DUE]


def test_the_lead_units_are_reminded_of_a_node_days_before_its_date_once(personas):
    plan = published_plan(personas, start_date=dt.date(2025, 6, 1))
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)  # led by 基础教育处 and 计财处

    first = node_reminders(reminders_run(today=BEFORE))

    assert sorted(r.unit.name for r in first) == ["基础教育处", "计财处"]
    assert all(r.period == dt.date(2025, 6, 30) and r.task_id == task(plan, 1).pk for r in first)
    assert "推进节点“出台实施方案”应于 2025-06-30 前完成" in first[0].body
    assert Notification.objects.filter(user=personas.liaison, title__startswith="【节点提醒】").count() == 1
    assert node_reminders(reminders_run(today=BEFORE)) == []


def test_no_reminder_comes_too_early_or_for_a_node_already_done(personas):
    plan = published_plan(personas, start_date=dt.date(2025, 6, 1))
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    assert node_reminders(reminders_run(today=dt.date(2025, 6, 20))) == []

    node = Milestone.objects.get(title="出台实施方案")
    milestone_done(milestone=node, by=personas.liaison, done_on=dt.date(2025, 6, 1), evidence="已印发")

    assert node_reminders(reminders_run(today=BEFORE)) == []
    assert not Reminder.objects.filter(kind=ReminderKind.NODE_DUE).exists()


def test_the_queries_of_a_run_do_not_grow_with_the_nodes_it_reminds_of(personas, settings):
    settings.DUBAN_TODAY = "2025-06-01"
    plan = published_plan(personas, tasks=8, start_date=dt.date(2025, 6, 1))

    def run_counting() -> tuple[int, int]:
        Reminder.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = reminders_run(today=BEFORE)
        return len(queries), len(node_reminders(result))

    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    few_queries, few = run_counting()
    for no in range(2, 9):
        milestones_set(task=task(plan, no), by=personas.supervisor, nodes=NODES)
    many_queries, many = run_counting()

    assert many >= few + 7
    assert many_queries == few_queries
