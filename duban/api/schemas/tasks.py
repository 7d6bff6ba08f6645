from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from duban.api.schemas.common import UnitRef
from duban.api.schemas.milestones import MilestoneOut


class TaskStatusOut(Schema):
    light: str
    pace: str
    expected: int
    progress: int
    deadline: dt.date
    extended: bool
    overdue: bool
    missed_in_a_row: int
    reasons: list[str]


class TaskOut(Schema):
    id: int
    plan_id: int
    section_id: int | None
    no: str
    text: str
    state: str
    deadline: dt.date | None
    extended_deadline: dt.date | None
    progress: int | None
    completed_on: dt.date | None
    is_suspended: bool
    lead_units: list[UnitRef]
    support_units: list[UnitRef]
    status: TaskStatusOut


class TargetOut(Schema):
    id: int
    metric: str
    op: str
    value: Decimal
    unit: str
    text: str
    actual: Decimal | None
    met: bool | None


class DocumentOut(Schema):
    id: int
    title: str
    action: str
    deliverable: bool = Field(description="是否为需出台的文件（详情见 /tasks/{task_id}/documents）")
    status: str = Field(description="pending 未出台 / issued 已出台")
    doc_number: str
    issued_on: dt.date | None


class TaskDetailOut(TaskOut):
    deadline_text: str
    leaders: list[str]
    milestones: list[MilestoneOut] = Field(description="推进节点（已批准、待审核、已退回）")
    targets: list[TargetOut]
    documents: list[DocumentOut]
