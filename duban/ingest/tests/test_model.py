"""The parsed plan's JSON: the one-walk to_dict writes what a generic dataclass walk writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from duban.ingest import DocumentRef, ParsedPlan, ParseWarning, PlanMeta, Section, Target, Task


def _generic(value: Any) -> Any:
    """The JSON a walk over every dataclass field gives: the reference to_dict must match."""
    if isinstance(value, dict):
        return {k: _generic(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_generic(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_to_dict_writes_every_field_of_every_part_of_the_plan() -> None:
    parsed = ParsedPlan(
        plan=PlanMeta(
            title="方案",
            notice_title="通知",
            issuer="A市教育局",
            issue_date=dt.date(2025, 3, 1),
            year=2025,
            addressees="各处室",
            cc="市政府办公室",
            document_number="A教〔2025〕1号",
        ),
        sections=[Section(no="一", title="深化改革")],
        tasks=[
            Task(
                no="1",
                section_no="一",
                text="推进集团化办学，新增学位600个。",
                lead_units=["基教处"],
                support_units=["计财处"],
                deadline=dt.date(2025, 6, 30),
                deadline_text="6月底前",
                leaders=["张三"],
                targets=[Target(metric="新增学位", value=600, unit="个", op="+", text="新增学位600个")],
                documents=[DocumentRef(title="实施办法", action="issue")],
                unit_marks=["等有关部门"],
            ),
            Task(no="2", section_no=None, text="其他。"),
        ],
        warnings=[ParseWarning(task_no="1", code="units_joined", message="请核对。")],
        source_format="txt",
    )
    assert parsed.to_dict() == _generic(asdict(parsed))
