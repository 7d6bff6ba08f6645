from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from duban.api.common import Id
from duban.api.schemas.common import UnitRef, UserRef
from duban.api.schemas.reports import AttachmentOut


class _RequestOut(Schema):
    id: int
    task_id: Id
    unit: UnitRef
    reason: str
    status: str
    requested_by: UserRef | None
    requested_at: dt.datetime
    decided_by: UserRef | None
    decided_at: dt.datetime | None
    decision_comment: str


class CompletionOut(_RequestOut):
    attachments: list[AttachmentOut]


class ExtensionOut(_RequestOut):
    new_deadline: dt.date
    old_deadline: dt.date


class CompletionCreateIn(Schema):
    task_id: Id
    unit_id: Id = Field(description="申请单位（须为本人所属的牵头单位）")
    reason: str = Field(max_length=20000)


class CompletionUploadIn(Schema):
    """The fields of CompletionCreateIn as a multipart form, sent with the evidence files."""

    task_id: Id
    unit_id: Id = Field(description="申请单位（须为本人所属的牵头单位）")
    reason: str = Field(max_length=20000, description="完成情况")


class ExtensionCreateIn(Schema):
    task_id: Id
    unit_id: Id = Field(description="申请单位（须为本人所属的牵头单位）")
    new_deadline: dt.date
    reason: str = Field(max_length=20000)


class CompletionDecideIn(Schema):
    verdict: Literal["approve", "return"]
    comment: str = Field("", max_length=5000, description="退回时必填")


class ExtensionDecideIn(Schema):
    verdict: Literal["approve", "refuse"]
    comment: str = Field("", max_length=5000, description="不同意时必填")
