"""The exports read tracking: lights, progress against 序时进度, target values and reports."""

import datetime as dt
import io

from openpyxl import load_workbook

from duban.reports.exports import export_render
from duban.reports.facts import plan_reports, tasks_tracking
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task

START = dt.date(2025, 6, 1)  # no cycle was due before this month's


def approved_report(personas, plan):
    one = task(plan, 1)
    target = one.targets.get(metric="新增学位")
    report = report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已新增学位 120 个。",
        progress=60,
        target_values={target.pk: "120"},
        submit=True,
        today=TODAY,
    )
    return report_approve(report=report, by=personas.supervisor), target


def test_a_task_with_an_approved_report_carries_its_light_progress_and_target_value(personas):
    plan = published_plan(personas, tasks=3, start_date=START)
    _, target = approved_report(personas, plan)
    tasks = [task(plan, n) for n in (1, 2)]
    for t in tasks:
        t.refresh_from_db()

    facts = tasks_tracking(tasks, TODAY)

    one = facts[tasks[0].pk]
    assert (one.progress, one.light, one.behind) == (60, "green", False)
    assert one.expected is not None and 0 < one.expected < 60
    assert one.report_text == "已新增学位 120 个。"
    assert one.target_actuals[target.pk] == 120 and one.target_met[target.pk] is True
    assert facts[tasks[1].pk].progress == 0
    rows = plan_reports(plan, tasks)
    assert [(r.task_no, r.unit, r.role, r.status, r.progress) for r in rows] == [
        ("1", "基础教育处", "牵头单位", "已通过", 60)
    ]


def test_the_ledger_now_shows_lights_and_progress(personas):
    plan = published_plan(personas, tasks=3, start_date=START)
    approved_report(personas, plan)

    export = export_render(plan=plan, kind="ledger", today=TODAY)

    book = load_workbook(io.BytesIO(export.content))
    cells = {
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None
    }
    assert {"绿灯", "60", "已新增学位 120 个。"} <= cells
    assert any("120个" in c for c in cells)  # the target value reached
