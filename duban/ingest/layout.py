"""The layout recogniser: the neutral document in, the plan's sections and tasks out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.ingest.columns import Header, RowCells, recognise_header
from duban.ingest.document import Block, Document, Paragraph, Table
from duban.ingest.errors import NoTasksFound
from duban.ingest.flat import flattened
from duban.ingest.inline import Item, read_items
from duban.ingest.metadata import read_meta
from duban.ingest.model import ParsedPlan, ParseWarning, Section
from duban.ingest.rules import StatedRule, stated_in, take_rule
from duban.ingest.script import drop_readings, is_traditional, to_simplified
from duban.ingest.tasks import RawTask, build_tasks
from duban.ingest.text import join_lines, squash, to_halfwidth_digits

SECTION_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
_TASK_NO = re.compile(r"^[（(]?(\d{1,5}|[\u2460-\u2473])[)）.、．]?$")
# A number run into the task's title in one cell: 12.推进校园食堂提升.
_FUSED_NO = re.compile(r"^(\d{1,4})\s*[.．、](?!\d)\s*(\S.*)$", re.S)
# A section that names who leads its tasks: 一、张某县长牵头重点工作.
_LEADER_HEADING = re.compile(
    r"^([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:常务)?副?(?:县长|市长|区长|镇长|乡长|旗长|州长|省长|书记|主任|局长"
    r"|部长|主席|秘书长|同志)(?:同志)?(?:牵头|分管|负责|联系|包保)"
)


@dataclass
class _Reading:
    sections: list[Section] = field(default_factory=list)
    raw_tasks: list[RawTask] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    last_row_was_task: bool = False
    last_header: Header | None = None
    current_section: str | None = None
    section_keys: set[tuple[str, str]] = field(default_factory=set)
    section_leaders: dict[str, str] = field(default_factory=dict)

    def add_section(self, no: str, title: str) -> None:
        # A section heading repeated (a sheet per section that restates it) is one section.
        key = (no, squash(title))
        if key not in self.section_keys:
            self.section_keys.add(key)
            self.sections.append(Section(no=no, title=join_lines(title)))
            self.current_section = no
            leader = _LEADER_HEADING.match(key[1])
            if leader is not None:
                self.section_leaders[no] = leader.group(1)


def recognise(document: Document) -> ParsedPlan:
    """Find the plan in a neutral document, or raise NoTasksFound."""
    reading = _Reading()
    document, readings = drop_readings(document)
    if readings:
        reading.warnings.append(
            ParseWarning(None, "pinyin_dropped", f"文件在汉字后注有拼音（如“{readings[0]}”），已删除拼音读取")
        )
    if is_traditional(document):
        document = to_simplified(document)
        reading.warnings.append(
            ParseWarning(None, "traditional_script", "文件使用繁体字，已转换为简体字读取")
        )
    _read_blocks(reading, document.blocks)
    if not reading.raw_tasks:
        # A table copied from a web page as one cell per paragraph (.html, .docx, .pdf copies).
        blocks = flattened(reading.paragraphs)
        if blocks:
            retry = _Reading(warnings=reading.warnings)
            _read_blocks(retry, blocks)
            reading = retry if retry.raw_tasks else reading
    rule = stated_in(reading.paragraphs)
    if not reading.raw_tasks:
        reading, rule = _read_inline(reading.paragraphs, reading.warnings)
    if not reading.raw_tasks:
        raise NoTasksFound("未找到任务表或编号的任务清单")
    _number_restarts(reading)
    _section_leaders(reading)
    meta = read_meta(reading.before, reading.after)
    notes: list[str] = []
    tasks = build_tasks(reading.raw_tasks, year=meta.year, warnings=reading.warnings, rule=rule, notes=notes)
    return ParsedPlan(
        plan=meta,
        sections=reading.sections,
        tasks=tasks,
        warnings=reading.warnings,
        source_format=document.source_format,
        notes=notes,
    )


def _section_leaders(reading: _Reading) -> None:
    """Tasks under a heading that names their leader (一、张某县长牵头重点工作) carry that leader."""
    for no, leader in reading.section_leaders.items():
        tasks = [raw for raw in reading.raw_tasks if raw.section_no == no and not raw.leaders]
        for raw in tasks:
            raw.leaders = leader
        if tasks:
            reading.warnings.append(
                ParseWarning(
                    None,
                    "leader_from_heading",
                    f"第{no}部分标题写明由{leader}牵头，已作为该部分各项任务的责任领导",
                )
            )


def _read_blocks(reading: _Reading, blocks: list[Block]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            reading.paragraphs.append(block.text)
            _read_paragraph(reading, block.text)
        elif isinstance(block, Table):
            found = len(reading.raw_tasks)
            _read_table(reading, block)
            if block.flattened and len(reading.raw_tasks) > found:
                reading.warnings.append(
                    ParseWarning(
                        None,
                        "table_flattened",
                        "任务表是每格一行的网页复制件，已按表头的列数逐行还原，请核对各列内容",
                    )
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
        if header is not None:
            cells = header.cells(row)
            if cells.no.strip().isdigit():
                # The common row by far: a numbered task. A bare number is never a header or a section.
                _read_row(reading, cells, row, has_lead=header.has_lead)
                continue
        found = recognise_header(row)
        if found is not None:
            header = reading.last_header = found
            continue
        if header is None and reading.last_header is not None and reading.last_header.fits(row):
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
        _read_row(reading, header.cells(row), row, has_lead=header.has_lead, numbered=header.numbered)


def _section_row(row: list[str]) -> tuple[str, str] | None:
    """A row merged across the table, or with one filled cell, that is a section heading."""
    filled = {c for c in row if c.strip()}
    if len(filled) != 1:
        return None
    filled = {join_lines(filled.pop())}
    match = SECTION_HEADING.match(filled.pop())
    return (match.group(1), match.group(2)) if match else None


def _read_row(
    reading: _Reading, cells: RowCells, row: list[str], *, has_lead: bool, numbered: bool = True
) -> None:
    no_cell = cells.no.strip()
    if not (no_cell.isascii() and no_cell.isdigit()):
        no_cell = squash(to_halfwidth_digits(no_cell))
    text = join_lines(cells.text)
    if cells.content:
        text = _with_content(text, join_lines(cells.content))
    match = _TASK_NO.match(no_cell)
    if match is None:
        # The number run into the title (12.推进…) in the number cell, or in the text cell of a table
        # with no number column: the title leads the task's text.
        source = cells.no if no_cell else "" if numbered else cells.text
        fused = _FUSED_NO.match(to_halfwidth_digits(join_lines(source))) if source else None
        if fused is not None:
            no_cell, title = fused.groups()
            content = text if source is cells.no else join_lines(cells.content)
            text = _with_content(title, content)
            match = _TASK_NO.match(no_cell)
    previous = reading.raw_tasks[-1] if reading.raw_tasks and reading.last_row_was_task else None
    if previous is not None and (not no_cell or (match is not None and match.group(1) == previous.no)):
        # A row cut by a page break, or a task spread over rows of one merged number cell.
        _join_row(reading, previous, cells)
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
    # A stated rule is rare and always says 第一: most rows are spared the call.
    lead, lead_rule = take_rule(cells.lead) if "第一" in cells.lead else (cells.lead, None)
    support, support_rule = take_rule(cells.support) if "第一" in cells.support else (cells.support, None)
    reading.raw_tasks.append(
        RawTask(
            no=_circled_to_digits(match.group(1)),
            section_no=reading.current_section,
            text=text,
            lead=lead,
            support=support,
            deadline=join_lines(cells.deadline),
            leaders=cells.leaders,
            undivided="" if has_lead else "column",
            rule=lead_rule or support_rule,
        )
    )


def _with_content(title: str, content: str) -> str:
    """A task's title and the content written after it, as one text."""
    if not content or content == title:
        return title
    if not title:
        return content
    return f"{title}{'' if title[-1] in '。；：:;！？' else '：'}{content}"


def _read_inline(paragraphs: list[str], warnings: list[ParseWarning]) -> tuple[_Reading, StatedRule | None]:
    """Read a plan written as numbered paragraphs, its units inline; also the rule stated outside tasks."""
    found = read_items(paragraphs)
    reading = _Reading(before=found.before, after=found.after, warnings=warnings)
    tasks = _task_items(found.items, found.task_kind)
    kept = {id(item) for item in tasks}
    rule = stated_in(found.before + found.after) or next(
        (i.rule for i in found.items if i.rule is not None and id(i) not in kept), None
    )
    section_nos = _inline_section_numbers([t.parent for t in tasks if t.parent is not None])
    for item in tasks:
        section_no = section_nos.get(id(item.parent)) if item.parent is not None else None
        if item.parent is not None and section_no is not None:
            reading.add_section(section_no, item.parent.text)
        no = _arabic(item)
        reading.raw_tasks.append(
            RawTask(
                no=no,
                section_no=section_no,
                text=item.text,
                lead="、".join(item.lead),
                support="、".join(item.support),
                marks=item.marks,
                deadline=item.deadline,
                leaders="、".join(item.leaders),
                undivided="item" if item.undivided else "",
                rule=item.rule,
            )
        )
        if item.recovered:
            reading.warnings.append(
                ParseWarning(no, "number_recovered", f"第{no}项任务的编号是乱码，已按前后编号推定为{item.no}")
            )
    return reading, rule


def _task_items(items: list[Item], task_kind: str | None) -> list[Item]:
    """Items of the task level under the sections that hold tasks with units, with units or not."""
    candidates = [i for i in items if i.kind == task_kind]
    order = {key: index for index, key in enumerate(dict.fromkeys(id(i.parent) for i in candidates))}
    with_units = [order[id(i.parent)] for i in candidates if i.has_units]
    if not with_units:
        return []
    # A section between two that hold tasks with units holds tasks too, though none names a unit.
    low, high = min(with_units), max(with_units)
    return [i for i in candidates if low <= order[id(i.parent)] <= high]


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
    """Numbers that start again at 1 in each section are told apart by the section's number (一.1)."""
    counts = Counter(raw.no for raw in reading.raw_tasks)
    if all(count == 1 for count in counts.values()):
        return
    in_sections = Counter((raw.section_no, raw.no) for raw in reading.raw_tasks)
    if any(section is None or count > 1 for (section, _), count in in_sections.items()):
        return
    for raw in reading.raw_tasks:
        raw.no = f"{raw.section_no}.{raw.no}"
    reading.warnings.append(
        ParseWarning(None, "numbers_restart", "任务编号在各部分重新从1开始，已在编号前加上所属部分的序号")
    )


def _circled_to_digits(no: str) -> str:
    return str(ord(no) - 0x2460 + 1) if "\u2460" <= no <= "\u2473" else no


def _join_row(reading: _Reading, previous: RawTask, cells: RowCells) -> None:
    added = False
    for attribute in ("text", "lead", "support", "deadline", "leaders"):
        value = getattr(cells, attribute).strip()
        old = getattr(previous, attribute)
        if value and value != old and not old.endswith(value):
            joined = join_lines(old + "\n" + value) if attribute == "text" else f"{old}\n{value}"
            setattr(previous, attribute, joined)
            added = True
    if added:
        reading.warnings.append(
            ParseWarning(previous.no, "row_joined", f"第{previous.no}项任务跨行（或跨页）的内容已合并")
        )
