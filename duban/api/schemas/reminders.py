from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from duban.api.common import Id
from duban.api.schemas.common import UnitRef, UserRef


class ReminderOut(Schema):
    id: int
    plan_id: int
    task_id: int | None
    unit: UnitRef
    kind: str
    period: dt.date | None
    title: str
    body: str
    reply_by: dt.date | None
    sent_by: UserRef | None
    created_at: dt.datetime


class ReminderSendIn(Schema):
    task_id: Id
    message: str = Field(max_length=5000)
    roles: list[Literal["lead", "support"]] | None = Field(
        None, description="催这些角色的单位：lead 牵头单位、support 责任单位；与 unit_ids 合并", max_length=2
    )
    unit_ids: list[Id] | None = Field(
        None, description="催该任务的这些单位；roles 与 unit_ids 都不填则催该任务的全部单位", max_length=200
    )
    reply_by: dt.date | None = Field(None, description="请于此日前签收回复；不填按方案的签收期限")


class ReminderSendOut(Schema):
    reminders: list[ReminderOut]
    sent: int
    failed: int
