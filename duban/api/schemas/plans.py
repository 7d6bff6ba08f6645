from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field


class SectionOut(Schema):
    id: int
    no: str
    title: str


class PlanWarningOut(Schema):
    task_no: str
    code: str
    message: str


class PlanOut(Schema):
    id: int
    title: str
    year: int | None
    issuer: str
    issue_date: dt.date | None
    status: str
    task_count: int
    section_count: int
    created_at: dt.datetime
    published_at: dt.datetime | None


class PlanDetailOut(PlanOut):
    notice_title: str
    addressees: str
    cc: str
    source_name: str
    source_format: str
    start_date: dt.date | None
    default_deadline: dt.date | None
    cycle: str
    due_day: int
    custom_due_dates: list[str]
    sections: list[SectionOut]
    warnings: list[PlanWarningOut]


class PlanImportOut(Schema):
    plan: PlanOut
    units_matched: list[str]
    units_created: list[str]
    warnings: list[PlanWarningOut]
    replaced: bool


class PlanPublishIn(Schema):
    start_date: dt.date | None = Field(None, description="起始日期，默认印发日期或 1 月 1 日")
    default_deadline: dt.date | None = Field(None, description="默认完成时限，默认 12 月 31 日")
    cycle: Literal["monthly", "quarterly", "custom"] = "monthly"
    due_day: int = Field(25, ge=1, le=31, description="每期报送日")
    custom_due_dates: list[dt.date] = Field(default_factory=list, max_length=366)
