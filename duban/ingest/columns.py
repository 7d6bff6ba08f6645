"""Recognising a task table's header: each column by what its title means, not where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from duban.ingest.text import squash


class Column(Enum):
    """What a task-table column holds."""

    NO = "no"
    TEXT = "text"
    # A second text column right after the first (项目名称 | 工作目标): the task's content after its title.
    CONTENT = "content"
    LEAD = "lead"
    SUPPORT = "support"
    DEADLINE = "deadline"
    LEADERS = "leaders"
    REMARKS = "remarks"


# Checked in order: 牵头责任单位 is a lead column although it also says 责任单位.
_RULES: list[tuple[Column, tuple[str, ...]]] = [
    (Column.NO, ("序号", "编号", "序", "号", "No", "NO")),
    (Column.LEADERS, ("责任领导", "分管领导", "牵头领导", "领导", "市领导", "联系领导", "包保领导")),
    (
        Column.LEAD,
        (
            "牵头单位",
            "牵头责任单位",
            "主办单位",
            "牵头部门",
            "牵头处室",
            "牵头科室",
            "牵头股室",
            "责任主体",
            "主责单位",
            "主责部门",
            "牵头",
        ),
    ),
    (
        Column.SUPPORT,
        (
            "责任单位",
            "配合单位",
            "协办单位",
            "参与单位",
            "协作单位",
            "责任部门",
            "主要协作单位",
            "配合部门",
            "协办部门",
            "责任处室",
            "配合处室",
            "责任科室",
            "配合科室",
            "责任股室",
            "配合股室",
            "参与部门",
            "协同单位",
        ),
    ),
    (
        Column.DEADLINE,
        ("完成时限", "时间节点", "完成时间", "时限", "进度安排", "完成期限", "时间安排", "时间要求"),
    ),
    (
        Column.TEXT,
        (
            "主要工作",
            "工作任务",
            "重点任务",
            "目标任务",
            "工作内容",
            "任务",
            "主要任务",
            "工作事项",
            "具体任务",
            "任务内容",
            "工作目标",
            "重点工作",
            "主要内容",
            "具体工作",
            "事项",
            "工作措施",
            "主要措施",
            "任务名称",
            "项目名称",
            "内容",
        ),
    ),
    (Column.REMARKS, ("备注", "说明")),
]


@lru_cache(maxsize=8192)
def classify(title: str) -> Column | None:
    """The column a header cell names, or None when it names none we know."""
    if len(title) > 40:
        return None
    key = squash(title).strip(":：")
    if not key or len(key) > 12:
        return None
    for column, names in _RULES:
        if key in names:
            return column
    # Titles that extend a known one (工作任务及目标, 牵头单位（部门）) still say what they hold.
    for column, names in _RULES:
        if any(len(name) >= 2 and name in key for name in names):
            return column
    return None


class RowCells(NamedTuple):
    """A task row's cells by meaning; "" where the table has no such column or the row is short."""

    no: str
    text: str
    lead: str
    support: str
    deadline: str
    leaders: str
    content: str


@dataclass(frozen=True)
class Header:
    """Where each known column stands in a table's rows."""

    positions: dict[Column, int]
    has_lead: bool = field(init=False)
    numbered: bool = field(init=False)
    _picks: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        has_lead = Column.LEAD in self.positions
        # Without a lead column the responsible units lead (see tasks._apply_lead_rule).
        lead, support = (Column.LEAD, Column.SUPPORT) if has_lead else (Column.SUPPORT, None)
        order = (Column.NO, Column.TEXT, lead, support, Column.DEADLINE, Column.LEADERS, Column.CONTENT)
        picks = tuple(-1 if c is None else self.positions.get(c, -1) for c in order)
        object.__setattr__(self, "has_lead", has_lead)
        object.__setattr__(self, "numbered", Column.NO in self.positions)
        object.__setattr__(self, "_picks", picks)

    def cells(self, row: list[str]) -> RowCells:
        """The row's cells by meaning; computed for every row of every table, so kept to one pass."""
        width = len(row)
        return RowCells._make([row[i] if 0 <= i < width else "" for i in self._picks])

    def fits(self, row: list[str]) -> bool:
        """Whether the row reaches every column this header names."""
        return len(row) > max(self.positions.values())


def recognise_header(row: list[str]) -> Header | None:
    """A Header when the row names a text column and at least one unit column, else None."""
    # Fast refusals for the many task rows: a header has no long cell and no bare number.
    if any(len(cell) > 40 or cell.strip().isdigit() for cell in row):
        return None
    positions: dict[Column, int] = {}
    for index, cell in enumerate(row):
        column = classify(cell)
        if column is Column.TEXT and positions.get(Column.TEXT) == index - 1:
            positions[Column.CONTENT] = index
        elif column is not None and column not in positions:
            positions[column] = index
    has_units = Column.LEAD in positions or Column.SUPPORT in positions
    if Column.TEXT in positions and (has_units or Column.NO in positions):
        return Header(positions)
    return None
