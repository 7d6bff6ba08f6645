"""Plans written as numbered paragraphs with their units inline.

（牵头单位：X；责任单位：Y、Z）, label lines under the item, and roles given by verbs — （X牵头，Y配合）,
（X、Y负责） — with the document's own rule (排在第一位的部门为牵头部门) applied where it states one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.ingest.text import join_lines, squash, to_halfwidth_digits

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),
    ("cn_paren", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("ar", re.compile(r"^(\d{1,5})\s*(?:[.．、](?!\d)|\s)\s*")),
    ("ar_paren", re.compile(r"^[（(]\s*(\d{1,5})\s*[)）]\s*")),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*")),
]
_LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位", "牵头处室", "牵头责任单位", "责任主体", "牵头")
_SUPPORT_LABELS = (
    "责任单位",
    "配合单位",
    "协办单位",
    "参与单位",
    "协作单位",
    "责任部门",
    "配合部门",
    "协办部门",
    "责任处室",
    "配合处室",
    "参与部门",
    "主要协作单位",
)
_DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "完成期限", "时限")
_LABEL = re.compile(
    r"("
    + "|".join(sorted(_LEAD_LABELS + _SUPPORT_LABELS + _DEADLINE_LABELS, key=len, reverse=True))
    + r")\s*[:：]\s*"
)
_VERB_CLAUSE = re.compile(r"[（(]([^（）()]*(?:负责|牵头|配合|参与|协助|协同)[^（）()]*)[)）]\s*[。.]?\s*$")
FIRST_LEADS = re.compile(r"(?:排在|列在|列|排)第一位的(?:部门|单位)?为牵头(?:部门|单位)")
_LEAD_VERBS = ("牵头负责", "牵头")
_SUPPORT_VERBS = ("配合", "参与", "协助", "协同", "协办")
_SHARED_VERBS = ("按职责分工负责", "分别负责", "共同负责", "负责")
_TRAILER = re.compile(r"^(抄送|印发|附件|\[image)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


@dataclass(eq=False)
class Item:
    """A numbered paragraph, with the lines under it and what its units turned out to be."""

    kind: str
    no: str
    text: str
    extra: list[str] = field(default_factory=list)
    parent: Item | None = None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    deadline: str = ""
    rule_applied: bool = False
    support_as_lead: bool = False

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.support)


@dataclass
class InlineReading:
    """The items found, which of them are tasks, and the paragraphs before and after them."""

    items: list[Item]
    task_kind: str | None
    before: list[str]
    after: list[str]
    first_leads: bool


def read_items(paragraphs: list[str]) -> InlineReading:
    """Group paragraphs into numbered items and read the units written in each."""
    first_leads = any(FIRST_LEADS.search(squash(p)) for p in paragraphs)
    items: list[Item] = []
    before: list[str] = []
    after: list[str] = []
    stack: list[Item] = []
    order: list[str] = []
    for paragraph in paragraphs:
        text = to_halfwidth_digits(paragraph.strip()) if paragraph[:1].isdigit() else paragraph.strip()
        marker = _marker(text)
        if marker is not None:
            kind, no, rest = marker
            if kind not in order:
                order.append(kind)
            while stack and order.index(stack[-1].kind) >= order.index(kind):
                stack.pop()
            item = Item(kind=kind, no=no, text=rest, parent=stack[-1] if stack else None)
            items.append(item)
            stack.append(item)
            after.clear()
        elif not items:
            before.append(paragraph)
        elif _TRAILER.search(squash(paragraph)) or after:
            after.append(paragraph)
        else:
            items[-1].extra.append(paragraph.strip())
    for item in items:
        _read_units(item, first_leads)
        if item.support and not item.lead:
            # Only 责任单位 written: they lead, unless the document names its first unit the lead.
            count = 1 if first_leads else len(item.support)
            item.lead, item.support = item.support[:count], item.support[count:]
            item.rule_applied = first_leads and bool(item.support)
            item.support_as_lead = not first_leads
    kinds = Counter(item.kind for item in items if item.has_units)
    task_kind = max(kinds, key=lambda k: (kinds[k], order.index(k))) if kinds else None
    return InlineReading(items, task_kind, before, after, first_leads)


def _marker(text: str) -> tuple[str, str, str] | None:
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match and len(text) > match.end():
            return kind, match.group(1), text[match.end() :]
    return None


def _read_units(item: Item, first_leads: bool) -> None:
    lines = [item.text, *item.extra]
    kept: list[str] = []
    for line in lines:
        remainder = _read_labels(item, line)
        remainder = _read_verb_clause(item, remainder, first_leads)
        if remainder.strip():
            kept.append(remainder)
    item.text = join_lines("\n".join(kept))


def _read_labels(item: Item, line: str) -> str:
    matches = list(_LABEL.finditer(line))
    if not matches:
        return line
    start = matches[0].start()
    if start > 0 and line[start - 1] in "（(":
        start -= 1
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        value = re.split(r"[)）]\s*[。.]?\s*$", line[match.end() : end])[0].strip("；;，,。. （(")
        if match.group(1) in _DEADLINE_LABELS:
            item.deadline = value
        elif match.group(1) in _LEAD_LABELS:
            item.lead += _names(value, item)
        else:
            item.support += _names(value, item)
    return line[:start]


def _read_verb_clause(item: Item, line: str, first_leads: bool) -> str:
    match = _VERB_CLAUSE.search(line)
    if match is None or item.has_units:
        return line
    responsible: list[str] = []
    for clause in re.split(r"[，,；;]", match.group(1)):
        clause = squash(clause)
        if not clause or FIRST_LEADS.search(clause) or clause in {"下同", "以下同"}:
            continue
        for verbs, target in (
            (_LEAD_VERBS, item.lead),
            (_SUPPORT_VERBS, item.support),
            (_SHARED_VERBS, responsible),
        ):
            verb = next((v for v in verbs if clause.endswith(v)), None)
            if verb is not None:
                if verb in {"按职责分工负责", "分别负责", "共同负责"}:
                    item.marks.append(verb)
                target += _names(clause[: -len(verb)], item)
                break
    if responsible and not item.lead:
        if first_leads:
            item.lead, item.support = responsible[:1], [*responsible[1:], *item.support]
            item.rule_applied = len(responsible) > 1
        else:
            item.lead = responsible
    elif responsible:
        item.support += responsible
    return line[: match.start()] + line[match.end() :]


def _names(value: str, item: Item) -> list[str]:
    from duban.ingest.units import split_cell

    cell = split_cell(value)
    item.marks += cell.marks
    return cell.names
