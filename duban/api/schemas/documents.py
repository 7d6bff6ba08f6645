from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from duban.api.common import Id
from duban.api.schemas.reports import AttachmentOut


class DeliverableOut(Schema):
    id: int
    task_id: int
    title: str = Field(description="文件名称（不含书名号）")
    status: str = Field(description="pending 未出台 / issued 已出台")
    status_label: str
    doc_number: str = Field(description="文号，未出台时为空")
    issued_on: dt.date | None = Field(description="印发日期")
    override_reason: str = Field(description="督办员同意先行办结的理由；为空表示未同意")
    blocking: bool = Field(description="是否阻止申请办结（未出台且未同意先行办结）")
    file: AttachmentOut | None = Field(description="最新上传的印发文件")


class DocumentIssueIn(Schema):
    """The fields of a record as a multipart form, sent with the issued file in `files`."""

    doc_number: str = Field(max_length=100, description="文号，如 台教发〔2025〕12号")
    issued_on: dt.date | None = Field(None, description="印发日期（YYYY-MM-DD）")


class DocumentCreateIn(Schema):
    title: str = Field(max_length=300, description="文件名称（可带书名号）")


class DocumentReasonIn(Schema):
    reason: str = Field(max_length=5000)


class DocumentOverrideOut(Schema):
    task_id: Id
    documents: list[DeliverableOut] = Field(description="获准先行办结的未出台文件")
