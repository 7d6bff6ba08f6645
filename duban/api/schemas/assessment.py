"""考核: the scheme (考核细则), manual entries, and results with their breakdown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from duban.api.schemas.cascades import OrganizationRef
from duban.api.schemas.common import UnitRef

ItemKindIn = Literal[
    "reports_on_time", "on_time_completion", "completion", "targets_met", "on_pace", "quality"
]


class ItemIO(Schema):
    kind: ItemKindIn = Field(
        description="reports_on_time 按时报送率、on_time_completion 按期办结率、completion 办结率、"
        "targets_met 目标达成率、on_pace 序时达标率、quality 报送质量"
    )
    weight: int = Field(ge=-1000, le=1000, description="权重（分），各项合计须为100")


class PeriodIO(Schema):
    label: str = Field(max_length=40, description="名称，如“一季度”")
    start: dt.date
    end: dt.date
    weight: int = Field(ge=-1000, le=1000, description="权重（%），各期间合计须为100")


class GradeIO(Schema):
    label: str = Field(max_length=20, description="等次，如“优秀”")
    minimum: Decimal = Field(ge=-1000, le=1000, max_digits=6, decimal_places=2, description="分数线（≥）")


class SchemeIO(Schema):
    items: list[ItemIO] = Field(max_length=6)
    periods: list[PeriodIO] = Field(max_length=12)
    grades: list[GradeIO] = Field(max_length=6, description="从高到低，最低一档分数线为0")
    excellent_quota: int | None = Field(None, ge=-1000, le=1000, description="优秀比例上限（%），不限为 null")
    bonus_cap: Decimal | None = Field(None, ge=-1000, le=1000, max_digits=6, decimal_places=2)
    deduction_cap: Decimal | None = Field(None, ge=-1000, le=1000, max_digits=6, decimal_places=2)


class SchemeOut(SchemeIO):
    saved: bool = Field(description="false：尚未制定，返回的是默认细则")


class EntryIn(Schema):
    unit_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="被考核单位（须为本方案的牵头单位）；与 subordinate_id 二选一"
    )
    subordinate_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="被考核的下级组织（须承接了本方案的任务）；与 unit_id 二选一",
    )
    kind: Literal["bonus", "deduction", "veto"] = Field(
        description="bonus 加分、deduction 扣分、veto 一票否决"
    )
    points: Decimal | None = Field(
        None, ge=0, le=1000, max_digits=6, decimal_places=2, description="分值（一票否决不填）"
    )
    reason: str = Field(max_length=2000, description="事由")
    evidence_kind: Literal["praise", "criticism", "endorsement", "other"] = Field(
        description="依据类别：praise 表扬、criticism 通报批评、endorsement 领导批示肯定、other 其他"
    )
    evidence: str = Field("", max_length=200, description="依据：文号、批示等")
    occurred_on: dt.date


class EntryOut(Schema):
    id: int
    unit: UnitRef | None = Field(description="被考核单位；对下级组织的记录为 null")
    subordinate: OrganizationRef | None = Field(description="被考核的下级组织；对单位的记录为 null")
    kind: str
    points: Decimal
    reason: str
    evidence_kind: str
    evidence: str
    occurred_on: dt.date
    created_at: dt.datetime


class ItemScoreOut(Schema):
    kind: str
    label: str
    weight: int
    source: str = Field(description="来源数据，如“18/20 期（90.00%）”，或“不适用”")
    part: Decimal | None
    whole: int | None
    points: Decimal | None = Field(description="得分；null 为不适用（按其余项目折算为百分制）")


class PeriodScoreOut(Schema):
    label: str
    weight: int
    score: Decimal | None
    items: list[ItemScoreOut]


class AdjustmentOut(Schema):
    points: Decimal
    veto: bool
    reason: str


class ResultOut(Schema):
    key: str = Field(description="unit:<id>，或 organization:<id>（下级组织）")
    name: str
    kind: Literal["unit", "organization"]
    rank: int | None = Field(description="名次，并列者相同；一票否决或无可计分项为 null")
    tied: bool
    grade: str
    base: Decimal | None
    bonus: Decimal
    deduction: Decimal
    veto: bool
    total: Decimal | None
    periods: list[PeriodScoreOut]
    adjustments: list[AdjustmentOut]
    exclusion: str = Field(
        description="不参加排名的原因（如下级组织的承接方案尚未发布，此时不计分、不排名）；参加排名时为空"
    )


class ResultsOut(Schema):
    as_of: dt.date
    saved: bool
    warning: str = Field(description="须先知道的提示，如方案尚未发布时“以下结果仅为试算”；无则为空")
    periods: list[str] = Field(description="已开始的考核期间")
    units: list[ResultOut]
    organizations: list[ResultOut]
