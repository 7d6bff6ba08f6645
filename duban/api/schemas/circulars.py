"""The circular (通报): its draft paragraphs, issues (第N期) and the request to issue one."""

import datetime as dt

from ninja import Schema
from pydantic import Field

PARAGRAPH_FIELD = Field("", max_length=4000)


class CircularDraftOut(Schema):
    plan_id: int
    issue_no: int = Field(description="签发时将使用的期数（第N期）")
    period: str = Field(description="期间，如 2025年6月")
    period_start: dt.date
    period_end: dt.date
    title: str
    opening: str = Field(description="开头语（可改）")
    praise: str = Field(description="表扬（可改）")
    criticism: str = Field(description="批评（可改）")
    requirements: str = Field(description="下步工作要求（可改）")


class CircularIssueIn(Schema):
    period: str = Field("", max_length=40, description="期间：2025-06、2025-Q2、2025-H1、2025；留空为上月")
    opening: str = Field("", max_length=4000, description="开头语；留空用起草的")
    praise: str = Field("", max_length=4000, description="表扬；留空用起草的")
    criticism: str = Field("", max_length=4000, description="批评；留空用起草的")
    requirements: str = Field("", max_length=4000, description="下步工作要求；留空用起草的")


class CircularIssueOut(Schema):
    id: int
    plan_id: int
    number: int = Field(description="期数")
    period: str
    period_start: dt.date
    period_end: dt.date
    paragraphs: dict[str, str] = Field(description="签发时改写的段落（未改写的不列出）")
    created_at: dt.datetime

    @staticmethod
    def resolve_period(obj: object) -> str:
        return str(getattr(obj, "period_label", ""))
