"""The parsed plan: plain dataclasses, the contract between the readers and everything downstream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

TargetOp = Literal[">=", "<=", "=", "+"]
DocumentAction = Literal["issue", "implement", "compile", "other"]


@dataclass(frozen=True, slots=True)
class Target:
    """A numeric target named in a task's text, e.g. 新增学位6000个."""

    metric: str
    value: float | int
    unit: str
    op: TargetOp
    text: str


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document a task names in 《》, with what the task does with it."""

    title: str
    action: DocumentAction


@dataclass(frozen=True, slots=True)
class Milestone:
    """A 推进节点 a task's text states: what is due (`title`) by `date`, from the phrase `text` (6月底前)."""

    date: dt.date
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A guess the parser made that a person should check, tied to a task where there is one."""

    task_no: str | None
    code: str
    message: str


@dataclass(slots=True)
class Section:
    """A numbered section (板块) of the plan, e.g. 一、全面推进“两个战略”."""

    no: str
    title: str


@dataclass(slots=True)
class Task:
    """One numbered task with its units and what the parser found in its text."""

    no: str
    section_no: str | None
    text: str
    lead_units: list[str] = field(default_factory=list)
    support_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str | None = None
    leaders: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    # Qualifiers written beside the units that are not units themselves (等有关部门, 按职责分工负责).
    unit_marks: list[str] = field(default_factory=list)
    # Several deadlines in the text (6月底前…，年底前…) proposed as 推进节点, by date.
    milestones: list[Milestone] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The task as JSON, as `ParsedPlan.to_dict` writes it."""
        return {
            "no": self.no,
            "section_no": self.section_no,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "support_units": list(self.support_units),
            "deadline": _iso(self.deadline),
            "deadline_text": self.deadline_text,
            "leaders": list(self.leaders),
            "targets": [
                {"metric": t.metric, "value": t.value, "unit": t.unit, "op": t.op, "text": t.text}
                for t in self.targets
            ],
            "documents": [{"title": d.title, "action": d.action} for d in self.documents],
            "unit_marks": list(self.unit_marks),
            "milestones": [{"date": _iso(m.date), "title": m.title, "text": m.text} for m in self.milestones],
        }


@dataclass(slots=True)
class PlanMeta:
    """What the notice says about the plan as a whole."""

    title: str | None = None
    notice_title: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    year: int | None = None
    addressees: str | None = None
    cc: str | None = None
    # The issuing number, e.g. 国发〔2019〕3号.
    document_number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The plan's metadata as JSON, as `ParsedPlan.to_dict` writes it."""
        return {
            "title": self.title,
            "notice_title": self.notice_title,
            "issuer": self.issuer,
            "issue_date": _iso(self.issue_date),
            "year": self.year,
            "addressees": self.addressees,
            "cc": self.cc,
            "document_number": self.document_number,
        }


@dataclass(slots=True)
class ParsedPlan:
    """A whole plan as read from one document."""

    plan: PlanMeta
    sections: list[Section]
    tasks: list[Task]
    warnings: list[ParseWarning] = field(default_factory=list)
    source_format: str | None = None
    # Rules the document states once for many tasks (排名第一位为牵头单位，下同), as written.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the `duban parse` contract, built in one walk (no asdict copy, no 2nd pass)."""
        return {
            "plan": self.plan.to_dict(),
            "sections": [{"no": s.no, "title": s.title} for s in self.sections],
            "tasks": [task.to_dict() for task in self.tasks],
            "warnings": [{"task_no": w.task_no, "code": w.code, "message": w.message} for w in self.warnings],
            "source_format": self.source_format,
            "notes": list(self.notes),
        }

    def all_units(self) -> list[str]:
        """Every unit named anywhere in the plan, in order of first appearance."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in (*task.lead_units, *task.support_units):
                seen.setdefault(name, None)
        return list(seen)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
