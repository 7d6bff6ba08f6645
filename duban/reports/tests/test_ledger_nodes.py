"""The ledger's sheet 推进节点情况: approved nodes and their state on the day, text only, re-importable."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from duban.ingest import parse
from duban.reports.exports import export_render
from duban.reports.ledger_nodes import NODE_COLUMNS, NODES_SHEET
from duban.tracking.services.milestones import NodeInput, milestone_done, milestones_set
from duban.tracking.tests.helpers import TODAY, published_plan, task

START = dt.date(2025, 1, 1)


@pytest.fixture
def plan(personas):
    """Task 1 (基础教育处) has three approved nodes: one done on 2025-03-28, one missed, one ahead."""
    made = published_plan(personas, tasks=3, start_date=START)
    nodes = milestones_set(
        task=task(made, 1),
        by=personas.supervisor,
        nodes=[
            NodeInput(dt.date(2025, 3, 31), "=完成调研摸底", 25),  # starts like a formula: stays text
            NodeInput(dt.date(2025, 5, 31), "出台实施方案", 50),
            NodeInput(dt.date(2025, 9, 30), "完成试点", 75),
        ],
    )
    milestone_done(milestone=nodes[0], by=personas.liaison, done_on=dt.date(2025, 3, 28), evidence="调研报告")
    return made


def _ledger(plan, today=TODAY):
    return export_render(plan=plan, kind="ledger", today=today).content


def test_the_ledger_lists_each_node_with_its_date_share_and_state_on_the_day(plan):
    sheet = load_workbook(io.BytesIO(_ledger(plan)))[NODES_SHEET]

    assert [sheet.cell(row=3, column=c).value for c in range(1, 7)] == [t for t, _, _ in NODE_COLUMNS]
    rows = [[sheet.cell(row=r, column=c).value for c in (1, 3, 4, 5, 6)] for r in (4, 5, 6)]
    assert rows == [
        ["1", "2025-03-31", "=完成调研摸底", "25%", "已完成（2025-03-28）"],
        ["1", "2025-05-31", "出台实施方案", "50%", "逾期未完成"],
        ["1", "2025-09-30", "完成试点", "75%", "未到期"],
    ]
    assert "推进节点3个，已完成1个，逾期未完成1个" in sheet["A2"].value
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value is not None)


def test_a_ledger_of_a_day_before_a_node_was_done_shows_it_not_done(plan):
    sheet = load_workbook(io.BytesIO(_ledger(plan, today=dt.date(2025, 3, 27))))[NODES_SHEET]

    assert sheet.cell(row=4, column=6).value == "未到期"


def test_a_plan_without_nodes_has_no_nodes_sheet_and_a_ledger_with_nodes_reimports_the_same_tasks(
    personas, plan
):
    bare = published_plan(personas, tasks=2, start_date=START)

    assert NODES_SHEET not in load_workbook(io.BytesIO(_ledger(bare))).sheetnames
    back = parse(_ledger(plan), filename="台账.xlsx")
    assert [(t.no, t.text) for t in back.tasks] == [(t.no, t.text) for t in plan.tasks.order_by("position")]
