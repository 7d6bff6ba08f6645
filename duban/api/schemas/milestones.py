"""推进节点 in and out of the API."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field


class MilestoneOut(Schema):
    id: int
    task_id: int
    position: int
    due_on: dt.date = Field(description="节点日期")
    title: str = Field(description="节点内容（到期应完成的事项）")
    percent: int = Field(description="到该节点应达到的进度（%）")
    state: Literal["proposed", "approved", "returned"] = Field(description="待审核 / 已批准 / 已退回")
    done_on: dt.date | None = Field(description="报告完成的日期")
    evidence: str = Field(description="完成佐证")
    comment: str = Field(description="审核意见")


class NodeIn(Schema):
    due_on: dt.date = Field(description="节点日期")
    title: str = Field(max_length=200, description="节点内容")
    percent: int | None = Field(None, ge=1, le=100, description="对应进度（%）；省略则平均分配")


class MilestonesIn(Schema):
    nodes: list[NodeIn] = Field(max_length=50, description="推进计划的全部节点")


class MilestonesDecideIn(Schema):
    verdict: Literal["approve", "return"]
    comment: str = Field("", max_length=500, description="审核意见（退回时必填）")


class MilestoneDoneIn(Schema):
    done_on: dt.date | None = Field(None, description="完成日期，省略为今天")
    evidence: str = Field(max_length=2000, description="完成佐证（如印发文号、验收材料）")
