"""Plain data the exporters take: what a ledger, a matrix, a CSV/JSON file or a circular shows.

Nothing here reads the database; `adapters.py` builds these from the plan models (and, once wired,
from duban.tracking), and every exporter turns them into bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from duban.lib.numbers import number_text

Light = Literal["green", "yellow", "red"]
LIGHT_LABELS: dict[str, str] = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
OP_LABELS: dict[str, str] = {">=": "≥", "<=": "≤", "=": "=", "+": "+"}


@dataclass(frozen=True)
class TargetRow:
    """A target of a task: what is planned and, once reported and approved, what was reached."""

    metric: str
    unit: str
    op: str
    planned: Decimal
    actual: Decimal | None = None
    met: bool | None = None

    @property
    def planned_text(self) -> str:
        """The planned value as a person writes it: ≥6000个, +300所."""
        return f"{OP_LABELS.get(self.op, self.op)}{number_text(self.planned)}{self.unit}"

    @property
    def actual_text(self) -> str:
        """The reached value with its unit, or "" before any approved report."""
        return "" if self.actual is None else f"{number_text(self.actual)}{self.unit}"


@dataclass(frozen=True)
class ReportRow:
    """One progress report (进展反馈) of a unit on a task."""

    task_no: str
    unit: str
    role: str
    period: dt.date | None
    status: str
    progress: int | None
    text: str
    submitted_on: dt.date | None = None


@dataclass(frozen=True)
class DocumentRow:
    """A document a task must issue (出台文件), as it stood on the export's day."""

    task_no: str
    task_text: str
    title: str
    issued: bool  # 已出台 by the export's day (tracking.rules_documents.is_issued)
    doc_number: str = ""
    issued_on: dt.date | None = None
    lead_units: list[str] = field(default_factory=list)
    override_reason: str = ""  # the supervisor's leave to apply for 办结 first (先行办结)

    @property
    def state_label(self) -> str:
        """已出台 / 未出台."""
        return "已出台" if self.issued else "未出台"


@dataclass(frozen=True)
class NodeRow:
    """An approved 推进节点 of a task, as it stood on the export's day."""

    task_no: str
    task_text: str
    due_on: dt.date
    title: str
    percent: int
    done_on: dt.date | None  # reported done by the export's day, else None

    def state_label(self, today: dt.date) -> str:
        """已完成（date） / 逾期未完成 / 未到期, on `today`."""
        if self.done_on is not None:
            return f"已完成（{self.done_on.isoformat()}）"
        return "逾期未完成" if self.due_on < today else "未到期"


@dataclass
class LedgerTask:
    """One row of the ledger (台账): a task with its units, schedule and state on the ledger's day."""

    no: str
    section_no: str | None
    text: str
    lead_units: list[str] = field(default_factory=list)
    support_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str = ""
    extended_deadline: dt.date | None = None
    state_label: str = ""
    light: Light | None = None
    progress: int | None = None
    expected: int | None = None
    report_text: str = ""
    report_date: dt.date | None = None
    targets: list[TargetRow] = field(default_factory=list)
    remarks: str = ""
    completed_on: dt.date | None = None
    overdue: bool = False
    behind: bool = False
    lagging: bool = False  # tracking.rules.is_lagging: the one rule for 进度滞后
    reasons: list[str] = field(default_factory=list)
    due: bool = False
    completed_on_time: bool = False
    reports_owed: int = 0
    reports_made: int = 0
    missed_in_a_row: int = 0
    leaders: list[str] = field(default_factory=list)  # 责任领导
    problems: str = ""
    next_steps: str = ""
    evidence: int = 0
    unit_role: str = ""  # in one unit's ledger: 牵头, 参与, or either through a collective

    @property
    def completed(self) -> bool:
        """Whether the task is 办结 (it has a completion date)."""
        return self.completed_on is not None

    @property
    def deadline_cell(self) -> str:
        """The deadline as the ledger writes it: a date in words, else the document's own wording."""
        return date_text(self.deadline) if self.deadline else self.deadline_text

    def deadline_in_force(self, default: dt.date | None) -> str:
        """完成时限 as it applies: the task's own, else the plan's default (marked so), never blank."""
        if self.deadline or self.deadline_text:
            return self.deadline_cell
        return f"{date_text(default)}（方案默认）" if default else "未明确"


@dataclass
class LedgerSection:
    """A section (板块) with its tasks; `no` is None for the tasks outside any section."""

    no: str | None
    title: str
    tasks: list[LedgerTask] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """一、全面推进“两个战略”, or the title alone for the unsectioned group."""
        return f"{self.no}、{self.title}" if self.no else self.title


@dataclass
class LedgerPlan:
    """A whole plan as exported: its notice, its sections and tasks, and its reports."""

    title: str
    as_of: dt.date
    sections: list[LedgerSection] = field(default_factory=list)
    notice_title: str = ""
    issuer: str = ""
    issue_date: dt.date | None = None
    year: int | None = None
    unit: str | None = None  # set when the export is one unit's share of the plan
    reports: list[ReportRow] = field(default_factory=list)
    collectives: list[str] = field(default_factory=list)  # names that stand for several units (各处室)
    members: dict[str, list[str]] = field(default_factory=dict)  # collective → the plan's units it stands for
    doc_number: str = ""  # 文号
    addressees: str = ""  # 主送
    cc: str = ""  # 抄送
    default_deadline: dt.date | None = None  # the plan's deadline for tasks without their own
    documents: list[DocumentRow] = field(default_factory=list)  # the documents tasks must issue
    nodes: list[NodeRow] = field(default_factory=list)  # the tasks' approved 推进节点, in plan order
    unsigned: dict[str, int] | None = None  # unit → tasks it has not signed for (签收); None: not shown

    @property
    def tasks(self) -> list[LedgerTask]:
        """Every task in plan order."""
        return [task for section in self.sections for task in section.tasks]

    def units(self) -> list[str]:
        """Every unit named, in order of first appearance (leads before supports within a task)."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in (*task.lead_units, *task.support_units):
                seen.setdefault(name, None)
        return list(seen)


@dataclass(frozen=True)
class Period:
    """The span a circular reports on, both ends included, with its name (2025年6月)."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class SummaryFigures:
    """The circular's headline numbers."""

    total: int
    completed: int
    completed_in_period: int
    in_progress: int
    not_started: int
    overdue: int
    behind: int
    lights: dict[str, int]
    average_progress: int | None
    on_time_rate: int | None = None  # 按期办结率 (tracking.rules.Summary), whole percent
    overdue_rate: int | None = None  # 逾期率
    reports_rate: int | None = None  # 按时报送率

    @property
    def completion_rate(self) -> int | None:
        """办结率 in whole percent."""
        return percent(self.completed, self.total)


@dataclass(frozen=True)
class SectionProgress:
    """A section's line in the circular."""

    heading: str
    total: int
    completed: int
    average_progress: int | None
    red: int = 0
    green: int = 0
    yellow: int = 0
    overdue: int = 0

    @property
    def completion_rate(self) -> int | None:
        """办结率 in whole percent."""
        return percent(self.completed, self.total)


@dataclass(frozen=True)
class UnitRank:
    """A lead unit's place in the circular's ranking."""

    rank: int
    unit: str
    lead_tasks: int
    completed: int
    average_progress: int | None
    overdue: int
    tied: bool = False  # 并列: the same figures as another unit
    green: int = 0
    yellow: int = 0
    red: int = 0
    missed_reports: int = 0

    @property
    def rank_text(self) -> str:
        """3, or 并列3 when another unit has the same figures."""
        return f"并列{self.rank}" if self.tied else str(self.rank)

    @property
    def completion_rate(self) -> int | None:
        """办结率 in whole percent."""
        return percent(self.completed, self.lead_tasks)


@dataclass(frozen=True)
class TaskLine:
    """A task named in the circular (completed, lagging or overdue), with its lead units."""

    no: str
    text: str
    lead_units: list[str]
    support_units: list[str]
    progress: int | None = None
    expected: int | None = None
    deadline: dt.date | None = None
    completed_on: dt.date | None = None
    reasons: tuple[str, ...] = ()
    report_text: str = ""
    report_date: dt.date | None = None


@dataclass(frozen=True)
class TargetBehind:
    """A target whose reached value is behind the share of it the calendar asks for by now."""

    task_no: str
    metric: str
    planned: str
    actual: str
    expected: str


@dataclass(frozen=True)
class TargetAchieved:
    """A target reached, for the circular."""

    task_no: str
    metric: str
    planned: str
    actual: str


@dataclass(frozen=True)
class SubordinateLag:
    """A subordinate organisation lagging on a cascaded task (下级承接任务滞后), as the circular names it."""

    organization: str
    task_no: str
    task_text: str
    light: str
    progress: int
    expected: int
    reasons: tuple[str, ...] = ()
    report_text: str = ""


@dataclass(frozen=True)
class SubordinateRollup:
    """What the circular says of the subordinates: how many cascaded tasks, the ranking, who lags."""

    tasks: int
    ranking: tuple[tuple[int, str, int], ...]  # place (并列 shared), organisation, mean progress
    lagging: tuple[SubordinateLag, ...]


@dataclass
class CircularData:
    """Everything a periodic circular (通报) says."""

    title: str
    plan_title: str
    period: Period
    issuer: str
    issued_on: dt.date
    opening: str
    figures: SummaryFigures
    sections: list[SectionProgress] = field(default_factory=list)
    units: list[UnitRank] = field(default_factory=list)
    completed: list[TaskLine] = field(default_factory=list)
    lagging: list[TaskLine] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    targets_achieved: list[TargetAchieved] = field(default_factory=list)
    addressees: str = ""
    cc: str = ""
    as_of: dt.date | None = None  # the day the figures describe; the issue date when not given
    previous: SummaryFigures | None = None  # the same figures at the end of the previous period
    previous_label: str = ""
    missed_units: list[tuple[str, int]] = field(default_factory=list)  # unit, cycles missed in a row
    targets_behind: list[TargetBehind] = field(default_factory=list)
    praise: str = ""
    criticism: str = ""
    requirements: str = ""
    issue_no: int | None = None  # 第N期, kept per plan
    unit: str | None = None  # a unit's own circular
    subordinates: SubordinateRollup | None = None  # only when the plan's tasks were cascaded
    documents_issued: list[DocumentRow] = field(default_factory=list)  # issued in the period
    documents_pending: list[DocumentRow] = field(default_factory=list)  # not issued by its end


def percent(part: int, whole: int) -> int | None:
    """part/whole in whole percent, or None when there is no whole."""
    return None if whole == 0 else round(100 * part / whole)


def date_text(day: dt.date) -> str:
    """A date in official writing: 2019年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"
