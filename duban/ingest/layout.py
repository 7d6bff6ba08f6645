"""The layout recogniser: the neutral document in, the plan's sections and tasks out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.ingest.columns import Column, Header, recognise_header
from duban.ingest.deadlines import Deadline, find_deadline
from duban.ingest.document import Document, Paragraph, Table
from duban.ingest.documents import find_documents
from duban.ingest.errors import NoTasksFound
from duban.ingest.inline import FIRST_LEADS, Item, read_items
from duban.ingest.metadata import read_meta
from duban.ingest.model import ParsedPlan, ParseWarning, Section, Task
from duban.ingest.script import is_traditional, to_simplified
from duban.ingest.targets import find_targets
from duban.ingest.text import join_lines, squash, to_halfwidth_digits
from duban.ingest.units import SplitCell, Vocabulary, split_cell

SECTION_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
_DEADLINE_PHRASE = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年)(?:底|末)?(?:前|之前|以前)")
_TASK_NO = re.compile(r"^[（(]?(\d{1,5}|[\u2460-\u2473])[)）.、．]?$")


@dataclass
class _RawTask:
    """A task row before its units are split, which needs the whole document's vocabulary."""

    no: str
    section_no: str | None
    text: str
    lead: str
    support: str
    deadline: str = ""
    leaders: str = ""
    marks: list[str] = field(default_factory=list)


@dataclass
class _Reading:
    sections: list[Section] = field(default_factory=list)
    raw_tasks: list[_RawTask] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    lead_column_missing: bool = False
    paragraphs: list[str] = field(default_factory=list)
    last_row_was_task: bool = False
    last_header: Header | None = None

    @property
    def current_section(self) -> str | None:
        return self.sections[-1].no if self.sections else None

    def add_section(self, no: str, title: str) -> None:
        if not any(s.no == no and squash(s.title) == squash(title) for s in self.sections):
            self.sections.append(Section(no=no, title=join_lines(title)))


def recognise(document: Document) -> ParsedPlan:
    """Find the plan in a neutral document, or raise NoTasksFound."""
    reading = _Reading()
    if is_traditional(document):
        document = to_simplified(document)
        reading.warnings.append(
            ParseWarning(None, "traditional_script", "文件使用繁体字，已转换为简体字读取")
        )
    for block in document.blocks:
        if isinstance(block, Paragraph):
            reading.paragraphs.append(block.text)
            _read_paragraph(reading, block.text)
        elif isinstance(block, Table):
            _read_table(reading, block)
    if not reading.raw_tasks:
        reading = _read_inline(reading.paragraphs, reading.warnings)
    if not reading.raw_tasks:
        raise NoTasksFound("未找到任务表或编号的任务清单")
    meta = read_meta(reading.before, reading.after)
    tasks = _finish_tasks(reading, meta.year)
    return ParsedPlan(
        plan=meta,
        sections=reading.sections,
        tasks=tasks,
        warnings=reading.warnings,
        source_format=document.source_format,
    )


def _read_paragraph(reading: _Reading, text: str) -> None:
    match = SECTION_HEADING.match(text)
    if match:
        reading.add_section(match.group(1), match.group(2))
    elif reading.raw_tasks:
        reading.after.append(text)
    elif not reading.sections:
        reading.before.append(text)


def _read_table(reading: _Reading, table: Table) -> None:
    header: Header | None = None
    reading.last_row_was_task = False
    for row in table.rows:
        found = recognise_header(row)
        if found is not None:
            header = reading.last_header = found
            continue
        if header is None and reading.last_header is not None and _fits(reading.last_header, row):
            # A table that goes on after a section heading often does not repeat its header.
            header = reading.last_header
        if header is None:
            # Title rows above the header (a sheet's merged title, the plan's name) read as paragraphs.
            filled = list(dict.fromkeys(join_lines(c) for c in row if c.strip()))
            if len(filled) == 1:
                _read_paragraph(reading, filled[0])
            continue
        section = _section_row(row)
        if section is not None:
            reading.add_section(*section)
            continue
        _read_row(reading, header, row)


def _fits(header: Header, row: list[str]) -> bool:
    return len(row) > max(header.positions.values())


def _section_row(row: list[str]) -> tuple[str, str] | None:
    """A row merged across the table, or with one filled cell, that is a section heading."""
    filled = {c for c in row if c.strip()}
    if len(filled) != 1:
        return None
    filled = {join_lines(filled.pop())}
    match = SECTION_HEADING.match(filled.pop())
    return (match.group(1), match.group(2)) if match else None


def _read_row(reading: _Reading, header: Header, row: list[str]) -> None:
    no_cell = squash(to_halfwidth_digits(header.get(row, Column.NO)))
    text = join_lines(header.get(row, Column.TEXT))
    match = _TASK_NO.match(no_cell)
    previous = reading.raw_tasks[-1] if reading.raw_tasks and reading.last_row_was_task else None
    if previous is not None and (not no_cell or (match is not None and match.group(1) == previous.no)):
        # A row cut by a page break, or a task spread over rows of one merged number cell.
        _join_row(reading, previous, header, row)
        return
    reading.last_row_was_task = False
    if match is None or not text:
        if text or match is not None:
            # Nothing is dropped silently: a row that is not a task is named for a person to check.
            shown = join_lines(" ".join(c for c in row if c.strip()))[:40]
            reading.warnings.append(
                ParseWarning(None, "row_skipped", f"表格中的一行未识别为任务，已跳过：“{shown}”")
            )
        return
    reading.last_row_was_task = True
    lead_key = Column.LEAD if Column.LEAD in header.positions else Column.SUPPORT
    support = header.get(row, Column.SUPPORT) if Column.LEAD in header.positions else ""
    if lead_key is Column.SUPPORT:
        reading.lead_column_missing = True
    reading.raw_tasks.append(
        _RawTask(
            no=_circled_to_digits(match.group(1)),
            section_no=reading.current_section,
            text=text,
            lead=header.get(row, lead_key),
            support=support,
            deadline=join_lines(header.get(row, Column.DEADLINE)),
            leaders=header.get(row, Column.LEADERS),
        )
    )


def _read_inline(paragraphs: list[str], warnings: list[ParseWarning]) -> _Reading:
    """Read a plan written as numbered paragraphs, its units inline."""
    found = read_items(paragraphs)
    reading = _Reading(before=found.before, after=found.after, warnings=warnings)
    parents_with_units = {id(i.parent) for i in found.items if i.kind == found.task_kind and i.has_units}
    tasks = [i for i in found.items if i.kind == found.task_kind and id(i.parent) in parents_with_units]
    section_nos = _inline_section_numbers([t.parent for t in tasks if t.parent is not None])
    for item in tasks:
        section_no = section_nos.get(id(item.parent)) if item.parent is not None else None
        if item.parent is not None and section_no is not None:
            reading.add_section(section_no, item.parent.text)
        no = _arabic(item)
        reading.raw_tasks.append(
            _RawTask(
                no=no,
                section_no=section_no,
                text=item.text,
                lead="、".join(item.lead),
                support="、".join(item.support),
                marks=item.marks,
                deadline=item.deadline,
            )
        )
        if item.support_as_lead:
            reading.warnings.append(
                ParseWarning(no, "support_as_lead", f"第{no}项任务只写了责任单位，已将其作为牵头单位")
            )
        if item.rule_applied:
            reading.warnings.append(
                ParseWarning(no, "first_listed_leads", f"第{no}项任务按文件规定以排在第一位的单位为牵头单位")
            )
    _number_restarts(reading)
    return reading


def _inline_section_numbers(parents: list[Item]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    for parent in dict.fromkeys(parents):
        no = parent.no if parent.kind == "cn" else f"（{parent.no}）"
        numbers[id(parent)] = no
    counts = Counter(numbers.values())
    for parent in dict.fromkeys(parents):
        if counts[numbers[id(parent)]] > 1 and parent.parent is not None:
            numbers[id(parent)] = parent.parent.no + numbers[id(parent)]
    return numbers


def _arabic(item: Item) -> str:
    if item.kind == "circled":
        return str(ord(item.no) - 0x2460 + 1)
    return item.no


def _number_restarts(reading: _Reading) -> None:
    counts = Counter(raw.no for raw in reading.raw_tasks)
    if all(count == 1 for count in counts.values()):
        return
    for raw in reading.raw_tasks:
        raw.no = f"{raw.section_no}.{raw.no}" if raw.section_no else raw.no
    reading.warnings.append(
        ParseWarning(None, "numbers_restart", "任务编号在各部分重新从1开始，已在编号前加上所属部分的序号")
    )


def _circled_to_digits(no: str) -> str:
    return str(ord(no) - 0x2460 + 1) if "\u2460" <= no <= "\u2473" else no


def _join_row(reading: _Reading, previous: _RawTask, header: Header, row: list[str]) -> None:
    added = False
    for column, attribute in (
        (Column.TEXT, "text"),
        (Column.LEAD, "lead"),
        (Column.SUPPORT, "support"),
        (Column.DEADLINE, "deadline"),
        (Column.LEADERS, "leaders"),
    ):
        value = header.get(row, column).strip()
        if column is Column.LEAD and Column.LEAD not in header.positions:
            value = header.get(row, Column.SUPPORT).strip()
        if column is Column.SUPPORT and Column.LEAD not in header.positions:
            continue
        old = getattr(previous, attribute)
        if value and value != old and not old.endswith(value):
            joined = join_lines(old + "\n" + value) if attribute == "text" else f"{old}\n{value}"
            setattr(previous, attribute, joined)
            added = True
    if added:
        reading.warnings.append(
            ParseWarning(previous.no, "row_joined", f"第{previous.no}项任务跨行（或跨页）的内容已合并")
        )


def _finish_tasks(reading: _Reading, year: int | None) -> list[Task]:
    cells = [(split_cell(raw.lead), split_cell(raw.support)) for raw in reading.raw_tasks]
    vocabulary = Vocabulary(name for lead, support in cells for name in (*lead.names, *support.names))
    tasks = []
    for raw, (lead, support) in zip(reading.raw_tasks, cells, strict=True):
        task = Task(no=raw.no, section_no=raw.section_no, text=raw.text)
        task.lead_units = _names(reading, vocabulary, raw.no, lead)
        task.support_units = [
            n for n in _names(reading, vocabulary, raw.no, support) if n not in task.lead_units
        ]
        task.unit_marks = list(dict.fromkeys([*raw.marks, *lead.marks, *support.marks]))
        task.leaders = _leaders(raw.leaders)
        deadline = find_deadline(raw.deadline, year) if raw.deadline else _deadline_in_text(raw.text, year)
        if raw.deadline:
            task.deadline_text = raw.deadline
        if deadline is not None:
            task.deadline = deadline.date
            task.deadline_text = task.deadline_text or deadline.text
        task.targets = find_targets(raw.text)
        task.documents = find_documents(raw.text)
        if not task.lead_units:
            reading.warnings.append(ParseWarning(raw.no, "lead_missing", f"第{raw.no}项任务没有写明牵头单位"))
        tasks.append(task)
    if reading.lead_column_missing:
        _apply_lead_rule(reading, tasks)
    _warn_duplicate_numbers(reading, tasks)
    return tasks


def _apply_lead_rule(reading: _Reading, tasks: list[Task]) -> None:
    """Without a lead column: the document's own rule names the lead, else every listed unit leads."""
    if not any(FIRST_LEADS.search(squash(p)) for p in reading.paragraphs):
        reading.warnings.append(
            ParseWarning(
                None, "support_as_lead", "任务表没有“牵头单位”列，已将“责任单位”列中的单位作为牵头单位"
            )
        )
        return
    for task in tasks:
        if len(task.lead_units) > 1:
            task.lead_units, task.support_units = (
                task.lead_units[:1],
                [*task.lead_units[1:], *task.support_units],
            )
            reading.warnings.append(
                ParseWarning(
                    task.no, "first_listed_leads", f"第{task.no}项任务按文件规定以排在第一位的单位为牵头单位"
                )
            )


def _names(reading: _Reading, vocabulary: Vocabulary, task_no: str, cell: SplitCell) -> list[str]:
    names: list[str] = []
    for name in cell.names:
        parts = vocabulary.split_joined(name)
        if parts:
            reading.warnings.append(
                ParseWarning(
                    task_no, "units_joined", f"第{task_no}项任务的“{name}”已拆分为：{'、'.join(parts)}"
                )
            )
        for part in parts or [name]:
            if part not in names:
                names.append(part)
    return names


def _leaders(cell: str) -> list[str]:
    """Names in a leaders cell; a two-character name padded to three (王  伟) stays one name."""
    names: list[str] = []
    for piece in re.split(r"[、，,；;/\n]", cell):
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


def _warn_duplicate_numbers(reading: _Reading, tasks: list[Task]) -> None:
    seen: set[str] = set()
    for task in tasks:
        if task.no in seen:
            reading.warnings.append(
                ParseWarning(task.no, "duplicate_number", f"任务编号{task.no}出现了不止一次")
            )
        seen.add(task.no)
