"""From task rows to tasks: units split by the document's own vocabulary, deadlines, targets, documents."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.ingest.deadlines import Deadline, find_deadline
from duban.ingest.documents import find_documents
from duban.ingest.milestones import task_milestones
from duban.ingest.model import ParseWarning, Task
from duban.ingest.rules import StatedRule
from duban.ingest.targets import find_targets
from duban.ingest.text import to_halfwidth_digits
from duban.ingest.units import SplitCell, Vocabulary, split_cell

_DEADLINE_PHRASE = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年)(?:底|末)?(?:前|之前|以前)")
_LEADER_SEPARATORS = re.compile(r"[、，,；;/\n]")


@dataclass(slots=True)
class RawTask:
    """A task row before its units are split, which needs the whole document's vocabulary."""

    no: str
    section_no: str | None
    text: str
    lead: str
    support: str
    deadline: str = ""
    leaders: str = ""
    marks: list[str] = field(default_factory=list)
    # Units listed without saying which leads: "column" (a table with no lead column) or "item" (inline).
    undivided: str = ""
    # A rule stated in this task's own unit list (排名第一位为牵头单位，下同).
    rule: StatedRule | None = None


@dataclass(frozen=True, slots=True)
class _Units:
    """A task's lead and supporting unit cells read: names, marks beside them, joined names split."""

    lead: tuple[str, ...]
    support: tuple[str, ...]
    marks: tuple[str, ...]
    joined: tuple[tuple[str, tuple[str, ...]], ...]


def build_tasks(
    raws: list[RawTask],
    *,
    year: int | None,
    warnings: list[ParseWarning],
    rule: StatedRule | None,
    notes: list[str],
) -> list[Task]:
    """The plan's tasks from its rows, every guess made on the way added to `warnings`."""
    # Plans repeat the same pairs of unit cells hundreds of times: each distinct cell is split once
    # and each distinct pair read once; the vocabulary counts a name once per task that uses it.
    pairs = Counter((raw.lead, raw.support) for raw in raws)
    split: dict[str, SplitCell] = {}
    uses: Counter[str] = Counter()
    for cells, count in pairs.items():
        for cell in cells:
            found = split.get(cell)
            if found is None:
                found = split[cell] = split_cell(cell)
            for name in found.names:
                uses[name] += count
    vocabulary = Vocabulary.from_counts(uses)
    units = {pair: _read_units(vocabulary, split[pair[0]], split[pair[1]]) for pair in pairs}
    deadlines: dict[str, Deadline | None] = {}
    tasks = []
    for raw in raws:
        if raw.deadline and raw.deadline not in deadlines:
            deadlines[raw.deadline] = find_deadline(raw.deadline, year)
        tasks.append(_build_task(raw, units[raw.lead, raw.support], deadlines, year, warnings))
    _apply_rules(raws, tasks, rule, warnings, notes)
    _warn_duplicate_numbers(tasks, warnings)
    return tasks


def _build_task(
    raw: RawTask,
    units: _Units,
    deadlines: dict[str, Deadline | None],
    year: int | None,
    warnings: list[ParseWarning],
) -> Task:
    task = Task(
        no=raw.no,
        section_no=raw.section_no,
        text=raw.text,
        lead_units=list(units.lead),
        support_units=list(units.support),
        unit_marks=list(dict.fromkeys((*raw.marks, *units.marks))) if raw.marks else list(units.marks),
        leaders=_leaders(raw.leaders) if raw.leaders else [],
        targets=find_targets(raw.text),
        documents=find_documents(raw.text),
    )
    for name, parts in units.joined:
        warnings.append(
            ParseWarning(raw.no, "units_joined", f"第{raw.no}项任务的“{name}”已拆分为：{'、'.join(parts)}")
        )
    if raw.deadline:
        task.deadline_text = raw.deadline
        deadline = deadlines[raw.deadline]
    else:
        deadline = _deadline_in_text(raw.text, year)
    if deadline is not None:
        task.deadline = deadline.date
        task.deadline_text = task.deadline_text or deadline.text
    # Nodes without a year fall in the plan's year, else in the year of the task's own deadline.
    node_year = year or (task.deadline.year if task.deadline else None)
    task.milestones = task_milestones(raw.text, raw.deadline, node_year)
    if not units.lead and not units.support:
        warnings.append(
            ParseWarning(
                raw.no, "units_missing", f"第{raw.no}项任务没有写明责任单位，已保留为无责任单位的任务"
            )
        )
    elif not units.lead:
        warnings.append(ParseWarning(raw.no, "lead_missing", f"第{raw.no}项任务没有写明牵头单位"))
    return task


def _apply_rules(
    raws: list[RawTask],
    tasks: list[Task],
    rule: StatedRule | None,
    warnings: list[ParseWarning],
    notes: list[str],
) -> None:
    """Units listed without roles: the document's stated rule names the first the lead, else all lead.

    A rule holds for its own task, for the tasks after it when it says 下同, and for the whole plan
    when stated in running text; 分别牵头 beside the units (除标注“分别牵头”外) makes each of them lead.
    """
    active = rule
    for stated in [rule, *(raw.rule for raw in raws)]:
        if stated is not None and stated.text not in notes:
            notes.append(stated.text)
    ruled: list[str] = []
    guessed: list[str] = []
    column_guess = False
    for raw, task in zip(raws, tasks, strict=True):
        current = raw.rule or active
        if raw.rule is not None and raw.rule.onward:
            active = raw.rule
        if not raw.undivided or len(task.lead_units) < 2 or "分别牵头" in task.unit_marks:
            continue
        if current is not None:
            task.lead_units, task.support_units = (
                task.lead_units[:1],
                [*task.lead_units[1:], *task.support_units],
            )
            ruled.append(task.no)
        elif raw.undivided == "column":
            column_guess = True
        else:
            guessed.append(task.no)
    if ruled:
        warnings.append(
            ParseWarning(
                None,
                "first_listed_leads",
                f"按文件规定（{'；'.join(notes)}），{len(ruled)}项任务以排在第一位的单位为牵头单位"
                f"（第{'、'.join(ruled[:10])}{'等' if len(ruled) > 10 else ''}项）",
            )
        )
    if column_guess:
        warnings.append(
            ParseWarning(
                None, "support_as_lead", "任务表没有“牵头单位”列，已将“责任单位”列中的单位作为牵头单位"
            )
        )
    warnings.extend(
        ParseWarning(no, "support_as_lead", f"第{no}项任务只写了责任单位，已将所列单位均作为牵头单位")
        for no in guessed
    )


def _read_units(vocabulary: Vocabulary, lead: SplitCell, support: SplitCell) -> _Units:
    joined: list[tuple[str, tuple[str, ...]]] = []
    lead_names = _unit_names(vocabulary, lead, joined)
    support_names = [name for name in _unit_names(vocabulary, support, joined) if name not in lead_names]
    return _Units(
        lead=tuple(lead_names),
        support=tuple(support_names),
        marks=tuple(dict.fromkeys((*lead.marks, *support.marks))),
        joined=tuple(joined),
    )


def _unit_names(
    vocabulary: Vocabulary, cell: SplitCell, joined: list[tuple[str, tuple[str, ...]]]
) -> list[str]:
    names: list[str] = []
    for name in cell.names:
        parts = vocabulary.split_joined(name)
        if parts:
            joined.append((name, tuple(parts)))
        for part in parts or [name]:
            if part not in names:
                names.append(part)
    return names


def _leaders(cell: str) -> list[str]:
    """Names in a leaders cell; a two-character name padded to three (王  伟) stays one name."""
    names: list[str] = []
    for piece in _LEADER_SEPARATORS.split(cell):
        tokens = piece.split()
        index = 0
        while index < len(tokens):
            if len(tokens[index]) == 1 and index + 1 < len(tokens) and len(tokens[index + 1]) == 1:
                names.append(tokens[index] + tokens[index + 1])
                index += 2
            else:
                names.append(tokens[index])
                index += 1
    return names


def _deadline_in_text(text: str, year: int | None) -> Deadline | None:
    # Only a phrase that reads as a deadline (…月底前, 年底前): a bare "3月" in a text is no deadline.
    if "前" not in text:
        return None
    match = _DEADLINE_PHRASE.search(to_halfwidth_digits(text))
    return find_deadline(match.group(0), year) if match else None


def _warn_duplicate_numbers(tasks: list[Task], warnings: list[ParseWarning]) -> None:
    seen: set[str] = set()
    for task in tasks:
        if task.no in seen:
            warnings.append(ParseWarning(task.no, "duplicate_number", f"任务编号{task.no}出现了不止一次"))
        seen.add(task.no)
