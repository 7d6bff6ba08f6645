from __future__ import annotations

import datetime as dt

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
    sent_by: UserRef | None
    created_at: dt.datetime


class ReminderSendIn(Schema):
    task_id: Id
    message: str = Field(max_length=5000)
    unit_ids: list[Id] | None = Field(
        None, description="只催这些单位；不填则催该任务的全部单位", max_length=200
    )


class ReminderSendOut(Schema):
    reminders: list[ReminderOut]
    sent: int
    failed: int
