"""One entry point for every export, shared by the download views and `duban export`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from duban.accounts.models import Unit
from duban.plans.models import Plan
from duban.reports.adapters import (
    DocumentsHook,
    ExportRefused,
    ReportsHook,
    SubordinatesHook,
    TrackingHook,
    circular_data_from_plan,
    ledger_data_from_plan,
)
from duban.reports.circular import circular_docx
from duban.reports.data import Period
from duban.reports.facts import (
    plan_documents,
    plan_reports,
    plan_subordinates,
    plan_unsigned_counts,
    tasks_tracking,
)
from duban.reports.ledger import ledger_xlsx
from duban.reports.matrix import matrix_xlsx
from duban.reports.periods import default_period
from duban.reports.tabular import CsvTable, plan_csv, plan_json

ExportKind = Literal["ledger", "circular", "matrix", "csv", "json"]
EXPORT_KINDS: tuple[ExportKind, ...] = ("ledger", "circular", "matrix", "csv", "json")

# Where duban.tracking plugs in (see adapters.py): lights, progress, target values and reports.
DEFAULT_TRACKING: TrackingHook = tasks_tracking
DEFAULT_REPORTS: ReportsHook = plan_reports
DEFAULT_SUBORDINATES: SubordinatesHook = plan_subordinates
DEFAULT_DOCUMENTS: DocumentsHook = plan_documents

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_TABLE_NAMES = {"tasks": "任务", "targets": "目标指标", "reports": "进展反馈"}
NO_PERIOD = "责任矩阵只列分工，不随期间变化，不能按期间导出；请去掉期间（--period）。"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class ExportFile:
    """A produced file: its name for the download, its media type and its bytes."""

    filename: str
    content_type: str
    content: bytes


def export_render(
    *,
    plan: Plan,
    kind: ExportKind,
    today: dt.date,
    unit: Unit | None = None,
    period: Period | None = None,
    table: CsvTable = "tasks",
    opening: str | None = None,
    paragraphs: Mapping[str, str] | None = None,
    issue_no: int | None = None,
    chart: bool = True,
) -> ExportFile:
    """Build one export of a plan (or of one unit's share of it) as of `today`, or as at `period`'s end."""
    stem = _safe(plan.title) + (f"-{_safe(unit.name)}" if unit is not None else "")
    if kind == "circular":
        period = period or default_period(today)
        data = circular_data_from_plan(
            plan,
            period=period,
            today=today,
            unit=unit,
            opening=opening,
            paragraphs=paragraphs,
            issue_no=issue_no,
            tracking=DEFAULT_TRACKING,
            subordinates=DEFAULT_SUBORDINATES,
            documents=DEFAULT_DOCUMENTS,
        )
        content = circular_docx(data, chart=chart)
        return ExportFile(f"{stem}-通报-{period.label}.docx", DOCX, content)
    if period is not None and kind == "matrix":
        raise ExportRefused(NO_PERIOD)
    as_of = today if period is None else min(period.end, today)
    ledger = ledger_data_from_plan(
        plan,
        today=as_of,
        unit=unit,
        tracking=DEFAULT_TRACKING,
        reports=DEFAULT_REPORTS,
        rewind=as_of < today,
        documents=DEFAULT_DOCUMENTS,
    )
    day = f"{as_of:%Y%m%d}"
    if kind == "ledger":
        return ExportFile(f"{stem}-台账-{day}.xlsx", XLSX, ledger_xlsx(ledger))
    if kind == "matrix":
        ledger.unsigned = plan_unsigned_counts(plan)
        return ExportFile(f"{stem}-责任矩阵.xlsx", XLSX, matrix_xlsx(ledger))
    if kind == "csv":
        name = f"{stem}-{_TABLE_NAMES[table]}-{day}.csv"
        return ExportFile(name, "text/csv; charset=utf-8", plan_csv(ledger, table))
    return ExportFile(f"{stem}-{day}.json", "application/json", plan_json(ledger))


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_")[:80] or "plan"
