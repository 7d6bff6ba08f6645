"""Ad-hoc 督办事项: registration (立项) and the item as listed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from duban.api.common import Id
from duban.api.schemas.common import UnitRef


class AdhocItemIn(Schema):
    text: str = Field(max_length=4000, description="督办事项内容")
    source_kind: str = Field(
        max_length=20,
        description="来源：instruction 领导批示、meeting 会议议定事项、superior 上级交办、"
        "proposal 人大建议/政协提案、letter 群众来信",
    )
    source_title: str = Field("", max_length=300, description="来源文件名称，如 批示件、会议纪要")
    source_text: str = Field("", max_length=4000, description="来源内容（批示、议定事项等原文）")
    assigned_on: dt.date = Field(description="交办日期；事项编入该年度")
    deadline: dt.date = Field(description="完成时限")
    lead_unit_ids: list[Id] = Field(max_length=50, description="牵头单位")
    support_unit_ids: list[Id] = Field(default_factory=list, max_length=50, description="责任单位")


class AdhocItemOut(Schema):
    id: int
    year: int
    number: int
    notice_number: str = Field(description="督办〔2026〕12号")
    source_kind: str
    source_kind_label: str
    source_title: str
    source_text: str
    source_name: str = Field(description="来源文件名，无则为空")
    task_id: int
    plan_id: int
    text: str
    assigned_on: dt.date | None
    deadline: dt.date | None
    state: str
    lead_units: list[UnitRef]
    support_units: list[UnitRef]

    @staticmethod
    def resolve_source_kind_label(obj: Any) -> str:
        return str(obj.get_source_kind_display())

    @staticmethod
    def resolve_plan_id(obj: Any) -> int:
        return int(obj.task.plan_id)

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return str(obj.task.text)

    @staticmethod
    def resolve_assigned_on(obj: Any) -> dt.date | None:
        return obj.task.start_date  # type: ignore[no-any-return]

    @staticmethod
    def resolve_deadline(obj: Any) -> dt.date | None:
        return obj.task.deadline  # type: ignore[no-any-return]

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return str(obj.task.state)

    @staticmethod
    def resolve_lead_units(obj: Any) -> list[Any]:
        return list(obj.task.lead_units)

    @staticmethod
    def resolve_support_units(obj: Any) -> list[Any]:
        return list(obj.task.support_units)
