"""The draft of an import as JSON: built from a ParsedPlan, edited, and turned back into one.

Sections and tasks carry a key of their own, so rows keep their identity while their numbers are edited;
the parser's warnings are attached to the task they name, so they follow it through renumbering.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, TypedDict

from duban.ingest import DocumentRef, ParsedPlan, ParseWarning, PlanMeta, Section, Target, Task
from duban.ingest.document import Document, Paragraph
from duban.ingest.milestones import task_milestones
from duban.lib.numbers import is_ascii_number

PLAN_WIDE = "{message}（共 {n} 项任务）"
MAX_SOURCE_CHARS = 400_000  # beyond that the source panel would be too heavy to be of use


class DraftWarning(TypedDict):
    code: str
    message: str


class DraftSection(TypedDict):
    key: str
    no: str
    title: str


class DraftTask(TypedDict):
    key: str
    section_key: str | None
    no: str
    text: str
    lead_units: list[str]
    support_units: list[str]
    deadline: str | None
    deadline_text: str | None
    leaders: list[str]
    targets: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    unit_marks: list[str]
    warnings: list[DraftWarning]


class DraftData(TypedDict):
    plan: dict[str, Any]
    sections: list[DraftSection]
    tasks: list[DraftTask]
    warnings: list[DraftWarning]
    source_format: str | None
    next_key: int


def _new_key(data: DraftData, prefix: str) -> str:
    data["next_key"] += 1
    return f"{prefix}{data['next_key']}"


def draft_from_parsed(parsed: ParsedPlan) -> DraftData:
    """The editable JSON form of a freshly parsed plan."""
    data: DraftData = {
        "plan": parsed.plan.to_dict(),
        "sections": [],
        "tasks": [],
        "warnings": [],
        "source_format": parsed.source_format,
        "next_key": 0,
    }
    section_keys: dict[str, str] = {}
    for section in parsed.sections:
        key = _new_key(data, "s")
        section_keys.setdefault(section.no, key)
        data["sections"].append({"key": key, "no": section.no, "title": section.title})
    tasks_by_no: dict[str, DraftTask] = {}
    for task in parsed.tasks:
        plain = task.to_dict()
        draft_task: DraftTask = {
            "key": _new_key(data, "t"),
            "section_key": section_keys.get(task.section_no or ""),
            "no": task.no,
            "text": task.text,
            "lead_units": list(task.lead_units),
            "support_units": list(task.support_units),
            "deadline": plain["deadline"],
            "deadline_text": task.deadline_text,
            "leaders": list(task.leaders),
            "targets": plain["targets"],
            "documents": plain["documents"],
            "unit_marks": list(task.unit_marks),
            "warnings": [],
        }
        tasks_by_no.setdefault(task.no, draft_task)
        data["tasks"].append(draft_task)
    # A note the parser makes, word for word, about several tasks is a rule of the whole document: said once.
    repeats = Counter((w.code, w.message) for w in parsed.warnings if w.task_no)
    for warning in parsed.warnings:
        owner = tasks_by_no.get(warning.task_no or "")
        times = repeats[warning.code, warning.message]
        if owner is not None and times < 2:
            owner["warnings"].append({"code": warning.code, "message": warning.message})
        else:
            message = warning.message if owner is None else PLAN_WIDE.format(message=warning.message, n=times)
            if all(w["message"] != message for w in data["warnings"]):
                data["warnings"].append({"code": warning.code, "message": message})
    return data


def parsed_from_draft(data: DraftData) -> ParsedPlan:
    """The ParsedPlan the import service stores, as the draft now stands."""
    plan = dict(data["plan"])
    issue_date = plan.get("issue_date")
    sections_by_key = {s["key"]: s for s in data["sections"]}
    tasks: list[Task] = []
    warnings = [ParseWarning(task_no=None, code=w["code"], message=w["message"]) for w in data["warnings"]]
    for t in data["tasks"]:
        section = sections_by_key.get(t["section_key"] or "")
        deadline = dt.date.fromisoformat(t["deadline"]) if t["deadline"] else None
        # The nodes are read again from the text as edited, by the parser's own rule.
        node_year = plan.get("year") or (deadline.year if deadline else None)
        tasks.append(
            Task(
                no=t["no"],
                section_no=section["no"] if section else None,
                text=t["text"],
                lead_units=list(t["lead_units"]),
                support_units=list(t["support_units"]),
                deadline=deadline,
                deadline_text=t["deadline_text"],
                leaders=list(t["leaders"]),
                targets=[Target(**target) for target in t["targets"]],
                documents=[DocumentRef(**doc) for doc in t["documents"]],
                unit_marks=list(t["unit_marks"]),
                milestones=task_milestones(t["text"], t["deadline_text"], node_year),
            )
        )
        warnings.extend(
            ParseWarning(task_no=t["no"], code=w["code"], message=w["message"]) for w in t["warnings"]
        )
    return ParsedPlan(
        plan=PlanMeta(
            title=plan.get("title"),
            notice_title=plan.get("notice_title"),
            issuer=plan.get("issuer"),
            issue_date=dt.date.fromisoformat(issue_date) if issue_date else None,
            year=plan.get("year"),
            addressees=plan.get("addressees"),
            cc=plan.get("cc"),
            document_number=plan.get("document_number"),
        ),
        sections=[Section(no=s["no"], title=s["title"]) for s in data["sections"]],
        tasks=tasks,
        warnings=warnings,
        source_format=data["source_format"],
    )


def source_blocks(document: Document) -> list[dict[str, Any]]:
    """The neutral document as JSON for the source panel: {"p": text} or {"table": rows}, size-capped."""
    blocks: list[dict[str, Any]] = []
    size = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if not block.text.strip():
                continue
            blocks.append({"p": block.text})
            size += len(block.text)
        else:
            blocks.append({"table": block.rows})
            size += sum(len(cell) for row in block.rows for cell in row)
        if size > MAX_SOURCE_CHARS:
            blocks.append({"p": "……（原文过长，以下从略）"})
            break
    return blocks


def section_label(no: str, title: str) -> str:
    """A section as one label, "一、深化教育改革": no doubled 、 after "（一）", no trailing 。."""
    title = title.strip().rstrip("。．.；;")
    no = no.strip()
    if not no:
        return title
    joiner = "" if no[-1] in "、）)．.，," else "、"
    return f"{no}{joiner}{title}"


def task_find(data: DraftData, key: str) -> DraftTask | None:
    """The task with this key, if the draft still has it."""
    return next((t for t in data["tasks"] if t["key"] == key), None)


def task_add(data: DraftData) -> DraftTask:
    """Append an empty task, numbered after the last one, in the last section."""
    last = data["tasks"][-1] if data["tasks"] else None
    number = int(last["no"]) + 1 if last and is_ascii_number(last["no"]) else len(data["tasks"]) + 1
    section_key = last["section_key"] if last else (data["sections"][-1]["key"] if data["sections"] else None)
    task: DraftTask = {
        "key": _new_key(data, "t"),
        "section_key": section_key,
        "no": str(number),
        "text": "",
        "lead_units": [],
        "support_units": [],
        "deadline": None,
        "deadline_text": None,
        "leaders": [],
        "targets": [],
        "documents": [],
        "unit_marks": [],
        "warnings": [],
    }
    data["tasks"].append(task)
    return task


def task_remove(data: DraftData, key: str) -> None:
    """Drop a task (and the warnings about it)."""
    data["tasks"] = [t for t in data["tasks"] if t["key"] != key]


def task_merge_into_previous(data: DraftData, key: str) -> DraftTask | None:
    """Join a task to the one above it (a task the parser split in two); returns the joined task."""
    index = next((i for i, t in enumerate(data["tasks"]) if t["key"] == key), None)
    if not index:  # missing, or the first task: nothing above to merge into
        return None
    previous, task = data["tasks"][index - 1], data["tasks"][index]
    previous["text"] = previous["text"] + task["text"]
    _extend_unique(previous["lead_units"], task["lead_units"])
    _extend_unique(previous["support_units"], task["support_units"])
    _extend_unique(previous["leaders"], task["leaders"])
    _extend_unique(previous["unit_marks"], task["unit_marks"])
    previous["targets"].extend(task["targets"])
    previous["documents"].extend(task["documents"])
    previous["warnings"].extend(task["warnings"])
    previous["deadline"] = previous["deadline"] or task["deadline"]
    previous["deadline_text"] = previous["deadline_text"] or task["deadline_text"]
    del data["tasks"][index]
    return previous


def _extend_unique(values: list[str], more: list[str]) -> None:
    values.extend(v for v in more if v not in values)


def section_add(data: DraftData) -> DraftSection:
    """Append an empty section."""
    section: DraftSection = {"key": _new_key(data, "s"), "no": "", "title": ""}
    data["sections"].append(section)
    return section


def section_remove(data: DraftData, key: str) -> None:
    """Drop a section; its tasks stay, outside any section."""
    data["sections"] = [s for s in data["sections"] if s["key"] != key]
    for task in data["tasks"]:
        if task["section_key"] == key:
            task["section_key"] = None
