from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field, Json

from duban.api.common import Id
from duban.api.schemas.common import UnitRef, UserRef


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("api-v1:attachment_download", args=[obj.pk])


class TargetValueOut(Schema):
    target_id: int
    metric: str
    value: Decimal

    @staticmethod
    def resolve_metric(obj: Any) -> str:
        return str(obj.target.metric)


class ReportOut(Schema):
    id: int
    task_id: Id
    unit: UnitRef
    role: str
    period: dt.date
    text: str
    problems: str
    next_steps: str
    progress: int | None
    status: str
    revises_id: int | None
    created_by: UserRef | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_by: UserRef | None
    reviewed_at: dt.datetime | None
    review_comment: str
    quality: str = Field(description="质量评价：excellent 优、good 良、fair 中、poor 差，空为未评")
    target_values: list[TargetValueOut]
    attachments: list[AttachmentOut]


class ReportCreateIn(Schema):
    task_id: Id
    unit_id: Id = Field(description="填报单位（须为该任务的牵头或责任单位，且为本人所属单位）")
    text: str = Field(max_length=20000)
    progress: int | None = Field(None, description="牵头单位必填，0–100；责任单位不填")
    problems: str = Field("", max_length=5000, description="存在问题")
    next_steps: str = Field("", max_length=5000, description="下步计划")
    target_values: dict[Id, Decimal | None] = Field(
        default_factory=dict, description="目标指标 id → 当前值", max_length=200
    )
    submit: bool = Field(False, description="true 直接提交审核，false 存为草稿")
    revises: Id | None = Field(None, description="修改被退回的进展反馈时，填其 id")


class ReportUploadIn(Schema):
    """The fields of ReportCreateIn as a multipart form, sent with the evidence files."""

    task_id: Id
    unit_id: Id = Field(description="填报单位（须为该任务的牵头或责任单位，且为本人所属单位）")
    text: str = Field(max_length=20000)
    progress: int | None = Field(None, description="牵头单位必填，0–100；责任单位不填")
    problems: str = Field("", max_length=5000, description="存在问题")
    next_steps: str = Field("", max_length=5000, description="下步计划")
    target_values: Json[dict[Id, Decimal | None]] | None = Field(
        None, description='目标指标当前值，JSON 对象：目标指标 id → 当前值，如 {"12": 300}'
    )
    submit: bool = Field(
        False, description="true 直接提交审核，false 存为草稿（同一期的草稿再次上传即追加附件）"
    )
    revises: Id | None = Field(None, description="修改被退回的进展反馈时，填其 id")


class ReportReviewIn(Schema):
    verdict: Literal["approve", "return"]
    comment: str = Field("", max_length=5000, description="退回时必填")
    quality: Literal["", "excellent", "good", "fair", "poor"] = Field(
        "", description="通过时的质量评价（可不评）：excellent 优、good 良、fair 中、poor 差；计入考核"
    )
