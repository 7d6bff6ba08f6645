from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from duban.api.common import Id
from duban.api.schemas.common import UnitRef, UserRef
from duban.tracking.models import SignOff


class SignOffOut(Schema):
    id: int
    plan_id: int
    task_id: int
    task_no: str = Field(description="任务序号")
    unit: UnitRef
    reason: str = Field(description="事由：published 方案发布、assigned 新增交办、urged 催办")
    reminder_id: int | None = Field(description="所签收的催办")
    message: str = Field(description="催办内容（事由为催办时）")
    requested_at: dt.datetime
    due_on: dt.date = Field(description="签收期限")
    signed_at: dt.datetime | None
    signed_by: UserRef | None
    note: str = Field(description="签收时的回复")

    @staticmethod
    def resolve_task_no(obj: SignOff) -> str:
        return obj.task.no

    @staticmethod
    def resolve_message(obj: SignOff) -> str:
        return obj.reminder.body if obj.reminder is not None else ""


class SignIn(Schema):
    note: str = Field("", max_length=2000, description="回复（选填）")


class SignAllIn(Schema):
    task_id: Id | None = Field(None, description="只签收这项任务的；不填则签收本人单位全部待签收事项")
    note: str = Field("", max_length=2000, description="回复（选填）")


class SignAllOut(Schema):
    signed: list[SignOffOut]
