"""Hand-made exporter data: a small plan on 2025-07-10 with every state, light and kind of task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from duban.reports.data import CircularData, LedgerPlan, LedgerSection, LedgerTask, ReportRow, TargetRow
from duban.reports.figures import circular_from_ledger
from duban.reports.periods import month_period

TODAY = dt.date(2025, 7, 10)


def make_ledger_task(no: int, **overrides: object) -> LedgerTask:
    """A task led by 基础教育处 with 计财处 supporting, half done, on a green light."""
    values: dict[str, object] = {
        "no": str(no),
        "section_no": "一",
        "text": f"推进第{no}项集团化办学改革，新增学位{no * 100}个。",
        "lead_units": ["基础教育处"],
        "support_units": ["计财处"],
        "deadline": dt.date(2025, 12, 31),
        "state_label": "推进中",
        "light": "green",
        "progress": 50,
        "expected": 52,
        "report_text": f"第{no}项已完成方案制定。",
        "report_date": dt.date(2025, 6, 25),
        "targets": [
            TargetRow(
                metric="新增学位", unit="个", op="+", planned=Decimal(no * 100), actual=Decimal(no * 60)
            )
        ],
    }
    values.update(overrides)
    return LedgerTask(**values)  # type: ignore[arg-type]


def make_ledger(*, unit: str | None = None) -> LedgerPlan:
    """Two sections of three tasks: one completed in June, one overdue and red, one behind and yellow."""
    done = make_ledger_task(
        1,
        state_label="已办结",
        progress=100,
        completed_on=dt.date(2025, 6, 18),
        light="green",
        due=True,
        completed_on_time=True,
    )
    overdue = make_ledger_task(
        2,
        lead_units=["办公室"],
        support_units=[],
        deadline=dt.date(2025, 6, 30),
        light="red",
        progress=40,
        expected=100,
        overdue=True,
        behind=True,
        due=True,
        reasons=["已超过完成时限（2025-06-30）", "落后序时进度 60 个百分点"],
        reports_owed=1,
        missed_in_a_row=1,
    )
    behind = make_ledger_task(
        3,
        light="yellow",
        progress=10,
        expected=52,
        behind=True,
        lagging=True,
        reasons=["欠进度（序时 52%，实际 10%）"],
        extended_deadline=dt.date(2026, 3, 31),
        targets=[
            TargetRow(metric="覆盖面", unit="%", op=">=", planned=Decimal(90), actual=Decimal(95), met=True),
            TargetRow(metric="新建学校", unit="所", op="+", planned=Decimal(3)),
        ],
    )
    second = [
        make_ledger_task(4, section_no="二", lead_units=["计财处"], support_units=["各处室"]),
        make_ledger_task(5, section_no="二", state_label="未启动", progress=None, light="green", targets=[]),
        make_ledger_task(
            6, section_no="二", deadline=None, deadline_text="长期坚持", remarks="按职责分工负责"
        ),
    ]
    return LedgerPlan(
        title="2025年全市教育工作任务分解方案",
        as_of=TODAY,
        sections=[
            LedgerSection(no="一", title="深化教育改革", tasks=[done, overdue, behind]),
            LedgerSection(no="二", title="扩大优质资源", tasks=second),
        ],
        notice_title="A市教育局关于印发2025年全市教育工作任务分解方案的通知",
        issuer="A市教育局",
        issue_date=dt.date(2025, 3, 1),
        year=2025,
        unit=unit,
        reports=[
            ReportRow(
                task_no="1",
                unit="基础教育处",
                role="牵头单位",
                period=dt.date(2025, 6, 25),
                status="已通过",
                progress=100,
                text="已全部完成。",
                submitted_on=dt.date(2025, 6, 20),
            )
        ],
    )


def make_circular(**overrides: object) -> CircularData:
    """The June 2025 circular of make_ledger()."""
    values: dict[str, object] = {
        "period": month_period(2025, 6),
        "issuer": "A市教育局办公室",
        "issued_on": TODAY,
        "addressees": "各处室、直属单位",
        "cc": "局领导",
    }
    values.update(overrides)
    return circular_from_ledger(make_ledger(), **values)  # type: ignore[arg-type]
