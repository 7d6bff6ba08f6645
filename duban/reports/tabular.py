"""CSV and JSON exports of a plan: its tasks, their targets and the units' reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from duban.lib.numbers import number_text
from duban.reports.data import LIGHT_LABELS, LedgerPlan, LedgerTask
from duban.reports.sheets import FORMULA_TRIGGERS

CsvTable = Literal["tasks", "targets", "reports"]
CSV_TABLES: tuple[CsvTable, ...] = ("tasks", "targets", "reports")

TASK_HEADER = [
    "序号",
    "板块",
    "主要工作",
    "牵头单位",
    "责任单位",
    "完成时限",
    "时限原文",
    "延期至",
    "状态",
    "亮灯",
    "进度",
    "序时进度",
    "最新进展",
    "报送日期",
    "目标指标",
    "办结日期",
    "备注",
    "文号",
]
# Each table ends with the plan's 文号 (as the ledger's summary and notice sheets give it), so rows from
# several plans' CSVs stay apart once pasted together.
TARGET_HEADER = ["任务序号", "指标", "比较", "目标值", "计量单位", "实际值", "已完成", "文号"]
REPORT_HEADER = ["任务序号", "单位", "角色", "期次", "状态", "进度", "内容", "提交日期", "文号"]


def plan_csv(plan: LedgerPlan, table: CsvTable = "tasks") -> bytes:
    """One table of the plan as CSV in UTF-8 with a byte-order mark, so Excel opens it in Chinese."""
    writers: dict[str, Callable[[LedgerPlan], list[list[object]]]] = {
        "tasks": _task_rows,
        "targets": _target_rows,
        "reports": _report_rows,
    }
    headers = {"tasks": TASK_HEADER, "targets": TARGET_HEADER, "reports": REPORT_HEADER}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers[table])
    writer.writerows([[_csv_value(v) for v in [*row, plan.doc_number]] for row in writers[table](plan)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _task_rows(plan: LedgerPlan) -> list[list[object]]:
    return [
        [
            t.no,
            t.section_no,
            t.text,
            "、".join(t.lead_units),
            "、".join(t.support_units),
            t.deadline,
            t.deadline_text,
            t.extended_deadline,
            t.state_label,
            LIGHT_LABELS.get(t.light or "", ""),
            t.progress,
            t.expected,
            t.report_text,
            t.report_date,
            "；".join(f"{x.metric}{x.planned_text}" for x in t.targets),
            t.completed_on,
            t.remarks,
        ]
        for t in plan.tasks
    ]


def _target_rows(plan: LedgerPlan) -> list[list[object]]:
    return [
        [t.no, x.metric, x.op, x.planned, x.unit, x.actual, _yes_no(x.met)]
        for t in plan.tasks
        for x in t.targets
    ]


def _report_rows(plan: LedgerPlan) -> list[list[object]]:
    return [
        [r.task_no, r.unit, r.role, r.period, r.status, r.progress, r.text, r.submitted_on]
        for r in plan.reports
    ]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "是" if value else "否"


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, str):
        return csv_text(value)
    return value


def csv_text(text: str) -> str:
    """A text field no spreadsheet reads as a formula (OWASP CSV injection: a leading ' neutralises it)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def plan_json(plan: LedgerPlan) -> bytes:
    """The whole plan (notice, sections, tasks with targets, reports) as UTF-8 JSON."""
    data = {
        "plan": {
            "title": plan.title,
            "notice_title": plan.notice_title,
            "doc_number": plan.doc_number,
            "addressees": plan.addressees,
            "cc": plan.cc,
            "default_deadline": plan.default_deadline,
            "issuer": plan.issuer,
            "issue_date": plan.issue_date,
            "year": plan.year,
            "as_of": plan.as_of,
            "unit": plan.unit,
        },
        "sections": [{"no": s.no, "title": s.title, "tasks": len(s.tasks)} for s in plan.sections],
        "tasks": [_task_json(t) for t in plan.tasks],
        "reports": [
            {
                "task_no": r.task_no,
                "unit": r.unit,
                "role": r.role,
                "period": r.period,
                "status": r.status,
                "progress": r.progress,
                "text": r.text,
                "submitted_on": r.submitted_on,
            }
            for r in plan.reports
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default).encode("utf-8")


def _task_json(task: LedgerTask) -> dict[str, Any]:
    return {
        "no": task.no,
        "section_no": task.section_no,
        "text": task.text,
        "lead_units": task.lead_units,
        "support_units": task.support_units,
        "deadline": task.deadline,
        "deadline_text": task.deadline_text,
        "extended_deadline": task.extended_deadline,
        "state": task.state_label,
        "light": task.light,
        "progress": task.progress,
        "expected": task.expected,
        "overdue": task.overdue,
        "behind": task.behind,
        "completed_on": task.completed_on,
        "latest_report": {"text": task.report_text, "date": task.report_date} if task.report_text else None,
        "targets": [
            {
                "metric": x.metric,
                "op": x.op,
                "value": x.planned,
                "unit": x.unit,
                "actual": x.actual,
                "met": x.met,
            }
            for x in task.targets
        ],
        "remarks": task.remarks,
    }


def _json_default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
