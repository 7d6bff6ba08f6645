"""Shapes of 分解下达 (cascade) and its roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from duban.api.common import Id


class OrganizationRef(Schema):
    id: int
    name: str


class ShareIn(Schema):
    target_id: Id = Field(description="上级任务的指标 id")
    organization_id: Id = Field(description="下级组织 id")
    value: str = Field(max_length=40, description="该下级承担的数值")


class CascadeIn(Schema):
    task_ids: list[Id] = Field(default_factory=list, max_length=1000, description="下达的任务 id")
    section_id: Id | None = Field(None, description="整板块下达：板块 id（与 task_ids 合并）")
    organization_ids: list[Id] = Field(max_length=500, description="接收任务的下级组织 id")
    shares: list[ShareIn] = Field(default_factory=list, max_length=10000, description="各下级承担的指标值")
    split_target_ids: list[Id] = Field(
        default_factory=list, max_length=1000, description="须分解的指标 id：各下级数值之和须等于上级目标"
    )


class TargetValueIn(Schema):
    target_id: Id = Field(description="上级任务的指标 id")
    value: str = Field(max_length=40, description="新的上级目标值")


class CascadeTaskUpdateIn(Schema):
    text: str | None = Field(None, max_length=5000, description="新的任务内容")
    deadline: dt.date | None = Field(None, description="新的完成时限")
    targets: list[TargetValueIn] = Field(default_factory=list, max_length=100, description="新的上级目标值")
    shares: list[ShareIn] = Field(default_factory=list, max_length=10000, description="新的各下级承担值")


class UnitsAssignIn(Schema):
    lead_unit_ids: list[Id] = Field(max_length=100, description="牵头单位 id（本级）")
    support_unit_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="责任单位 id（本级）"
    )


class TargetShareOut(Schema):
    metric: str
    unit: str
    parent_value: Decimal
    value: Decimal | None = Field(description="本级承担")
    reached: Decimal | None = Field(description="本级最新核定值")


class CascadeOut(Schema):
    id: int
    organization: OrganizationRef
    parent_organization: OrganizationRef
    parent_task_id: int
    parent_task_no: str
    parent_task_text: str
    child_task_id: int
    deadline: dt.date | None
    split_positions: list[int]
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    accepted_by: int | None
    targets: list[TargetShareOut] = Field(default_factory=list)


class SubordinateLineOut(Schema):
    organization: OrganizationRef
    cascade_id: int
    place: int
    progress: int
    expected: int
    light: str
    accepted_at: dt.datetime | None
    last_report_period: dt.date | None
    last_report_text: str | None
    targets: list[TargetShareOut]


class TargetRollupOut(Schema):
    target_id: int
    metric: str
    unit: str
    value: Decimal
    split: bool
    assigned: Decimal
    reached: Decimal | None
    met: bool | None
    reporting: int


class TaskRollupOut(Schema):
    task_id: int
    no: str
    text: str
    lines: list[SubordinateLineOut]
    targets: list[TargetRollupOut]


class OrganizationFiguresOut(Schema):
    organization: OrganizationRef
    place: int
    tasks: int
    progress: int
    completed: int
    lagging: int
    accepted: int


class PlanRollupOut(Schema):
    plan_id: int
    today: dt.date
    organizations: list[OrganizationFiguresOut]
    tasks: list[TaskRollupOut]
