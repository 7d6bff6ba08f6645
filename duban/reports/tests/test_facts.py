"""The exports read tracking: lights, progress against 序时进度, target values and reports."""

import datetime as dt
import io

from openpyxl import load_workbook

from duban.plans.models import TaskState
from duban.reports.adapters import circular_data_from_plan, ledger_data_from_plan
from duban.reports.exports import export_render
from duban.reports.facts import plan_reports, plan_subordinates, tasks_tracking
from duban.reports.periods import month_period
from duban.tracking.services.attachments import Upload
from duban.tracking.services.milestones import NodeInput, milestones_set
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.services.signoffs import signoffs_sign
from duban.tracking.tests.cascade_helpers import cascaded, county_report, sent
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
    rows = plan_reports(plan, tasks, None)
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


def test_a_circular_describes_the_end_of_its_period_not_the_day_it_is_written(personas):
    plan = published_plan(personas, tasks=3, start_date=dt.date(2025, 1, 1))
    june = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="六月进展。",
        progress=40,
        submit=True,
        today=dt.date(2025, 6, 20),
    )
    report_approve(report=june, by=personas.supervisor)
    july = report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="七月进展。",
        progress=70,
        submit=True,
        today=dt.date(2025, 7, 5),
    )
    report_approve(report=july, by=personas.supervisor)
    two = task(plan, 2)
    two.state, two.progress, two.completed_on = TaskState.COMPLETED, 100, dt.date(2025, 7, 3)
    two.save()
    written = dt.date(2025, 7, 10)

    june_data = circular_data_from_plan(
        plan, period=month_period(2025, 6), today=written, tracking=tasks_tracking
    )
    july_data = circular_data_from_plan(
        plan, period=month_period(2025, 7), today=written, tracking=tasks_tracking
    )

    assert june_data.as_of == dt.date(2025, 6, 30) and july_data.as_of == written
    assert (june_data.figures.completed, july_data.figures.completed) == (0, 1)
    june_one = next(
        t
        for t in ledger_data_from_plan(
            plan, today=dt.date(2025, 6, 30), tracking=tasks_tracking, rewind=True
        ).tasks
        if t.no == "1"
    )
    assert (june_one.progress, june_one.report_text) == (40, "六月进展。")
    # The July circular compares with the end of June.
    assert july_data.previous is not None and july_data.previous.completed == 0
    assert july_data.previous_label == "2025年6月"


def test_a_ledger_for_a_period_shows_the_reports_of_cycles_due_by_its_end(personas):
    plan = published_plan(personas, tasks=2, start_date=dt.date(2025, 1, 1))
    for day, text, progress in (
        (dt.date(2025, 5, 20), "五月进展。", 30),
        (dt.date(2025, 6, 20), "六月进展。", 50),
    ):
        report = report_save(
            task=task(plan, 1),
            unit=personas.basic_ed,
            by=personas.liaison,
            text=text,
            progress=progress,
            submit=True,
            today=day,
        )
        report_approve(report=report, by=personas.supervisor)

    may = export_render(plan=plan, kind="csv", table="reports", period=month_period(2025, 5), today=TODAY)
    now = export_render(plan=plan, kind="csv", table="reports", today=TODAY)

    assert "五月进展。" in may.content.decode("utf-8-sig") and "六月进展。" not in may.content.decode(
        "utf-8-sig"
    )
    assert "六月进展。" in now.content.decode("utf-8-sig")
    assert may.filename.endswith("-20250531.csv")


def test_the_ledger_row_carries_problems_next_steps_evidence_leaders_and_every_deadline(personas):
    plan = published_plan(personas, tasks=4, start_date=START, default_deadline=dt.date(2025, 12, 31))
    one = task(plan, 1)
    one.leaders = ["张副局长"]
    one.save()
    report = report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已开工。",
        progress=40,
        problems="资金未到位。",
        next_steps="7月完成招标。",
        submit=True,
        today=TODAY,
    )
    report_approve(report=report, by=personas.supervisor)

    book = load_workbook(io.BytesIO(export_render(plan=plan, kind="ledger", today=TODAY).content))
    sheet = book["一、深化教育改革"]
    header = [c.value for c in sheet[3]]
    row = {header[i] or sheet.cell(row=2, column=i + 1).value: c.value for i, c in enumerate(sheet[4])}

    assert (row["存在问题"], row["下步计划"], row["责任领导"]) == (
        "资金未到位。",
        "7月完成招标。",
        "张副局长",
    )
    assert row["完成时限"] == "2025年12月31日（方案默认）"
    assert row["佐证"] is None  # no files yet
    assert sheet.row_dimensions[4].height >= 2 * 13.5  # the task text wraps to two lines


def test_a_units_ledger_says_whether_it_leads_or_supports_each_task_and_through_what(personas):
    plan = published_plan(personas, tasks=4, start_date=START)

    book = load_workbook(
        io.BytesIO(export_render(plan=plan, kind="ledger", unit=personas.office, today=TODAY).content)
    )

    roles = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=6).value
        for sheet in book.worksheets[2:-1]  # the section sheets; the last lists the documents
        for r in range(4, sheet.max_row + 1)
    }
    assert book.worksheets[2].cell(row=2, column=6).value == "本单位角色"
    assert roles == {2: "牵头", 3: "参与（经各处室）", 4: "牵头"}


def test_a_ledger_for_a_period_counts_the_evidence_of_reports_due_by_its_end(personas):
    plan = published_plan(personas, tasks=2, start_date=dt.date(2025, 1, 1))
    for day in (dt.date(2025, 5, 20), dt.date(2025, 6, 20)):
        report = report_save(
            task=task(plan, 1),
            unit=personas.basic_ed,
            by=personas.liaison,
            text=f"{day.month}月进展。",
            progress=30,
            files=[Upload(name=f"{day.month}月纪要.pdf", content=b"%PDF-1.7\n...")],
            submit=True,
            today=day,
        )
        report_approve(report=report, by=personas.supervisor)

    may = tasks_tracking(list(plan.tasks.all()), today=dt.date(2025, 5, 31), rewind=True)
    now = tasks_tracking(list(plan.tasks.all()), today=TODAY)

    one = task(plan, 1).pk
    assert (may[one].evidence, now[one].evidence) == (1, 2)


def test_the_circular_of_a_cascading_plan_carries_the_subordinates_roll_up(personas):
    world = cascaded(personas, 2, progress=5)  # both counties far behind 序时进度 in June
    period = month_period(2025, 6)

    data = circular_data_from_plan(
        world.plan, period=period, today=TODAY, tracking=tasks_tracking, subordinates=plan_subordinates
    )
    unit_data = circular_data_from_plan(
        world.plan,
        period=period,
        today=TODAY,
        unit=personas.basic_ed,
        tracking=tasks_tracking,
        subordinates=plan_subordinates,
    )

    assert data.subordinates is not None and data.subordinates.tasks == 1
    assert [name for _, name, _ in data.subordinates.ranking] == ["县1", "县0"]  # 6 % ahead of 5 %
    assert {lag.organization for lag in data.subordinates.lagging} == {"县0", "县1"}
    assert unit_data.subordinates is None


def test_the_matrix_export_counts_each_units_tasks_not_signed_for(personas):
    plan = published_plan(personas, tasks=4, start_date=START)
    signoffs_sign(by=personas.liaison, task=task(plan, 1))

    sheet = load_workbook(io.BytesIO(export_render(plan=plan, kind="matrix", today=TODAY).content)).active
    assert sheet is not None

    header = [c.value for c in sheet[3]]
    foot = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "未签收（项）")
    unsigned = dict(zip(header[3:], [c.value for c in sheet[foot]][3:], strict=True))
    assert unsigned == {"基础教育处": 1, "计财处": 2, "办公室": 2, "各处室": 0}


def test_the_circular_sees_a_missed_node_as_lagging_with_its_reason_and_not_before_it_was_missed(personas):
    plan = published_plan(personas, tasks=3, start_date=START)
    milestones_set(
        task=task(plan, 2),
        by=personas.supervisor,
        nodes=[NodeInput(dt.date(2025, 6, 10), "出台实施方案", 10)],
    )
    two = task(plan, 2)

    now = tasks_tracking([two], TODAY)[two.pk]
    before = tasks_tracking([two], dt.date(2025, 6, 10), rewind=True)[two.pk]

    assert now.light == "yellow" and now.behind
    assert "节点“出台实施方案”（2025-06-10）未按期完成" in now.reasons
    assert not any("节点" in reason for reason in before.reasons)


def test_a_report_approved_after_the_periods_end_does_not_change_its_circulars_roll_up(personas, hierarchy):
    parent, child = sent(personas, hierarchy)
    county_report(hierarchy, child, day=dt.date(2025, 5, 20), progress=20)
    may = month_period(2025, 5)

    def circular(period):
        data = circular_data_from_plan(
            parent.plan, period=period, today=TODAY, tracking=tasks_tracking, subordinates=plan_subordinates
        )
        return data.subordinates

    before = circular(may)
    county_report(hierarchy, child, day=TODAY, progress=90)  # June's cycle, approved after May's end
    after, june = circular(may), circular(month_period(2025, 6))

    assert after == before
    assert before is not None and before.ranking == ((1, hierarchy.county.name, 20),)
    assert june is not None and june.ranking == ((1, hierarchy.county.name, 90),)
