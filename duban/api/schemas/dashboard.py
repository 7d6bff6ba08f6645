from __future__ import annotations

import datetime as dt

from ninja import Schema

from duban.api.schemas.common import UnitRef
from duban.api.schemas.plans import SectionOut


class SummaryOut(Schema):
    total: int
    completed: int
    due: int
    completed_on_time: int
    overdue: int
    lights: dict[str, int]
    reports_owed: int
    reports_made: int
    completion_rate: float | None
    on_time_completion_rate: float | None
    overdue_rate: float | None
    reports_on_time_rate: float | None


class PlanRef(Schema):
    id: int
    title: str
    status: str


class PlanFiguresOut(Schema):
    plan: PlanRef
    today: dt.date
    overall: SummaryOut


class SectionFiguresOut(Schema):
    section: SectionOut
    summary: SummaryOut


class UnitFiguresOut(Schema):
    unit: UnitRef
    summary: SummaryOut


class PlanDashboardOut(PlanFiguresOut):
    sections: list[SectionFiguresOut]
    units: list[UnitFiguresOut]
