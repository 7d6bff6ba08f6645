"""`duban export KIND PLAN -o FILE`."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from duban.test import Personas, make_plan
from duban.tracking.tests.helpers import published_plan

pytestmark = pytest.mark.django_db


def test_the_ledger_is_written_to_the_named_file(personas: Personas, tmp_path: Path):
    plan = make_plan(personas.org, tasks=3)
    out = io.StringIO()

    call_command(
        "export",
        "ledger",
        str(plan.pk),
        "-o",
        str(tmp_path / "台账.xlsx"),
        "--date",
        "2025-07-10",
        stdout=out,
    )

    assert "已导出" in out.getvalue()
    assert load_workbook(tmp_path / "台账.xlsx")["汇总"]["A2"].value == "统计日期：2025年7月10日"


def test_one_units_ledger_takes_the_unit_by_name_or_alias(personas: Personas, tmp_path: Path):
    plan = make_plan(personas.org, tasks=3)

    call_command("export", "ledger", str(plan.pk), "--unit", "基教处", "-o", str(tmp_path / "l.xlsx"))

    assert load_workbook(tmp_path / "l.xlsx")["汇总"]["B2"].value == "单位：基础教育处"


def test_the_circular_for_a_period_is_written_without_a_chart_on_request(personas: Personas, tmp_path: Path):
    plan = published_plan(personas, tasks=3)
    target = tmp_path / "通报.docx"

    call_command("export", "circular", str(plan.pk), "--period", "2025-06", "--no-chart", "-o", str(target))

    document = docx.Document(str(target))
    assert "关于2025年6月工作任务推进情况的通报" in [p.text for p in document.paragraphs]
    assert len(document.inline_shapes) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--unit", "无此单位"], "没有单位"),
        (["--period", "六月"], "无法识别的期间"),
        (["--date", "7/10"], "YYYY-MM-DD"),
    ],
)
def test_mistakes_stop_the_command_with_a_message(personas: Personas, tmp_path: Path, extra, message):
    plan = make_plan(personas.org, tasks=1)

    with pytest.raises(CommandError, match=message):
        call_command("export", "circular", str(plan.pk), *extra, "-o", str(tmp_path / "x.docx"))


def test_an_unknown_plan_stops_the_command(db: None, tmp_path: Path):
    with pytest.raises(CommandError, match="方案 999 不存在"):
        call_command("export", "json", "999", "-o", str(tmp_path / "x.json"))


def test_a_circular_of_an_unpublished_plan_and_a_matrix_for_a_period_are_refused(
    personas: Personas, tmp_path: Path
):
    plan = make_plan(personas.org, tasks=3)

    with pytest.raises(CommandError, match="尚未发布"):
        call_command("export", "circular", str(plan.pk), "-o", str(tmp_path / "c.docx"))
    with pytest.raises(CommandError, match="不能按期间导出"):
        call_command("export", "matrix", str(plan.pk), "--period", "2025-06", "-o", str(tmp_path / "m.xlsx"))
    assert not (tmp_path / "c.docx").exists() and not (tmp_path / "m.xlsx").exists()
