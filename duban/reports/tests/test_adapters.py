"""From the plan models to the exporters' data, with the tracking hooks neutral or supplied."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from duban.plans.models import TaskState
from duban.reports.adapters import ExportRefused, TaskTracking, circular_data_from_plan, ledger_data_from_plan
from duban.reports.data import ReportRow
from duban.reports.matrix import matrix_xlsx
from duban.reports.periods import month_period
from duban.test import Personas, make_plan
from duban.tracking.tests.helpers import published_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 7, 10)


def test_the_ledger_holds_sections_tasks_units_and_targets_of_the_plan(personas: Personas):
    plan = make_plan(personas.org, tasks=5)

    ledger = ledger_data_from_plan(plan, today=TODAY)

    assert [(s.no, s.title, len(s.tasks)) for s in ledger.sections] == [
        ("一", "深化教育改革", 3),
        ("二", "扩大优质资源", 2),
    ]
    third = ledger.tasks[2]
    assert (third.no, third.section_no) == ("3", "一")
    assert third.lead_units == ["基础教育处", "计财处"]
    assert third.support_units == ["各处室"]
    assert [(t.metric, t.planned_text) for t in third.targets] == [("新增学位", "+300个"), ("覆盖面", "≥90%")]
    assert (ledger.title, ledger.as_of, ledger.unit) == (plan.title, TODAY, None)


def test_without_tracking_the_ledger_shows_what_the_task_rows_hold(personas: Personas):
    plan = make_plan(personas.org, tasks=3)
    first, second, third = plan.tasks.order_by("position")
    first.state, first.completed_on, first.progress = TaskState.COMPLETED, dt.date(2025, 6, 3), 80
    first.save()
    second.deadline, second.progress, second.state = dt.date(2025, 6, 30), 40, TaskState.IN_PROGRESS
    second.save()
    third.is_suspended = True
    third.save()

    tasks = ledger_data_from_plan(plan, today=TODAY).tasks

    assert [(t.state_label, t.progress, t.light, t.expected) for t in tasks] == [
        ("已办结", 100, None, None),
        ("推进中", 40, None, None),
        ("中止", None, None, None),
    ]
    assert tasks[0].completed_on == dt.date(2025, 6, 3)
    assert [t.overdue for t in tasks] == [False, True, False]
    assert tasks[2].remarks == "已中止"


def test_a_tracking_hook_supplies_state_light_pace_latest_report_and_target_values(personas: Personas):
    plan = make_plan(personas.org, tasks=2)
    target = plan.tasks.get(no="1").targets.get(metric="覆盖面")

    def tracking(tasks, today, rewind):
        return {
            t.pk: TaskTracking(
                state_label="推进中",
                progress=30,
                light="yellow",
                expected=50,
                behind=True,
                report_text="已开工。",
                report_date=dt.date(2025, 6, 25),
                target_actuals={target.pk: Decimal(92)},
                target_met={target.pk: True},
            )
            for t in tasks
        }

    def reports(plan, tasks, until):
        return [ReportRow("1", "基础教育处", "牵头单位", dt.date(2025, 6, 25), "已通过", 30, "已开工。")]

    ledger = ledger_data_from_plan(plan, today=TODAY, tracking=tracking, reports=reports)

    first = ledger.tasks[0]
    assert (first.light, first.expected, first.behind, first.report_text) == ("yellow", 50, True, "已开工。")
    assert [(t.actual_text, t.met) for t in first.targets] == [("", None), ("92%", True)]
    assert ledger.reports[0].text == "已开工。"


def test_one_units_ledger_holds_the_tasks_it_leads_or_supports_also_through_a_collective(personas: Personas):
    plan = make_plan(personas.org, tasks=6)

    ledger = ledger_data_from_plan(plan, today=TODAY, unit=personas.office)

    # 办公室 leads the even tasks and supports 3 and 6 as one of 各处室.
    assert [t.no for t in ledger.tasks] == ["2", "3", "4", "6"]
    assert ledger.unit == "办公室"


def test_the_ledger_is_read_in_a_fixed_number_of_queries(personas: Personas):
    def count(tasks: int) -> int:
        plan = make_plan(personas.org, tasks=tasks)
        with CaptureQueriesContext(connection) as queries:
            ledger_data_from_plan(plan, today=TODAY)
        return len(queries)

    assert count(3) == count(12)  # from 3 tasks on the plan names 各处室, whose members are read once


def test_the_circular_takes_the_plans_issuer_addressees_and_the_chosen_period(personas: Personas):
    plan = published_plan(personas, tasks=4)

    data = circular_data_from_plan(plan, period=month_period(2025, 6), today=TODAY, opening="  ")

    assert data.issuer == "A市教育局"
    assert data.addressees == "各处室、直属单位"
    assert data.period.label == "2025年6月"
    assert data.opening.startswith("为推动《2025年全市教育工作任务分解方案》")
    assert [s.heading for s in data.sections] == ["一、深化教育改革", "二、扩大优质资源"]
    assert data.figures.total == 4


def test_an_unpublished_plan_gets_no_circular(personas: Personas):
    plan = make_plan(personas.org, tasks=2)

    with pytest.raises(ExportRefused, match="尚未发布"):
        circular_data_from_plan(plan, period=month_period(2025, 6), today=TODAY)


def test_a_units_circular_covers_its_own_tasks_and_names_it(personas: Personas):
    plan = published_plan(personas, tasks=4)

    data = circular_data_from_plan(plan, period=month_period(2025, 6), today=TODAY, unit=personas.office)

    assert data.unit == "办公室" and "办公室" in data.title
    assert data.figures.total == 3  # it leads tasks 2 and 4, and holds task 3 through 各处室


def test_a_units_total_in_the_matrix_is_the_number_of_tasks_in_its_own_ledger(personas: Personas):
    plan = make_plan(personas.org, tasks=6)
    sheet = load_workbook(io.BytesIO(matrix_xlsx(ledger_data_from_plan(plan, today=TODAY)))).worksheets[0]
    header = [c.value for c in sheet[3]]
    column = header.index("基础教育处") + 1
    total = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "合计（项）")

    own = ledger_data_from_plan(plan, today=TODAY, unit=personas.basic_ed).tasks

    assert sheet.cell(row=total, column=column).value == len(own) == 4  # 1, 3, 5 led; 6 via 各处室
