"""Plans written as numbered paragraphs with their units inline.

（牵头单位：X；责任单位：Y、Z）, label lines under the item, roles given by verbs — （X牵头，Y配合）,
（X、Y负责） — and a trailing list of units with no label at all, (X,Y,Z); a rule written among the
units (排名第一位为牵头单位，下同) is taken out and applied by tasks.build_tasks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.ingest.rules import StatedRule, clauses, take_rule
from duban.ingest.text import chinese_numeral, join_lines, squash, to_halfwidth_digits

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),
    ("cn_paren", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("ar", re.compile(r"^(\d{1,5})\s*(?:[.．、](?!\d)|\s)\s*")),
    ("ar_paren", re.compile(r"^[（(]\s*(\d{1,5})\s*[)）]\s*")),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*")),
]
_LEAD_LABELS = (
    "牵头单位",
    "牵头部门",
    "主办单位",
    "牵头处室",
    "牵头科室",
    "牵头股室",
    "牵头责任单位",
    "责任主体",
    "牵头",
)
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
    "责任科室",
    "配合科室",
    "责任股室",
    "配合股室",
)
_DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "完成期限", "时限")
_LEADER_LABELS = ("责任领导", "分管领导", "牵头领导", "联系领导", "包保领导", "责任县领导", "分管县领导")
_LABEL = re.compile(
    r"("
    + "|".join(
        sorted(_LEAD_LABELS + _SUPPORT_LABELS + _DEADLINE_LABELS + _LEADER_LABELS, key=len, reverse=True)
    )
    + r")\s*[:：]\s*"
)
# A trailing parenthesis (one level of brackets inside it: 各县（市、区）政府, a rule in brackets).
_TRAILING = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[)）])*)[)）]\s*[。.；;]?\s*$")
_SEPARATELY = "分别牵头"
_LEAD_VERBS = (_SEPARATELY, "牵头负责", "牵头")
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
    leaders: list[str] = field(default_factory=list)
    rule: StatedRule | None = None
    # Units listed without saying which leads; tasks.build_tasks decides by the document's rule.
    undivided: bool = False
    # The item's number was unreadable (mojibake) and was recovered from its neighbours.
    recovered: bool = False

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


def read_items(paragraphs: list[str]) -> InlineReading:
    """Group paragraphs into numbered items and read the units written in each."""
    items: list[Item] = []
    before: list[str] = []
    after: list[str] = []
    stack: list[Item] = []
    order: list[str] = []
    texts = [
        to_halfwidth_digits(paragraph.strip()) if paragraph[:1].isdigit() else paragraph.strip()
        for paragraph in paragraphs
    ]
    markers = _recover_numbers(texts, [_marker(text) for text in texts])
    for paragraph, marker in zip(paragraphs, markers, strict=True):
        if marker is not None:
            kind, no, rest = marker[:3]
            if kind not in order:
                order.append(kind)
            while stack and order.index(stack[-1].kind) >= order.index(kind):
                stack.pop()
            item = Item(kind=kind, no=no, text=rest, parent=stack[-1] if stack else None)
            item.recovered = len(marker) > 3
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
        _read_units(item)
        if item.support and not item.lead:
            # Only 责任单位 written: which of them leads is the document's rule to say (tasks.build_tasks).
            item.lead, item.support, item.undivided = item.support, [], True
    kinds = Counter(item.kind for item in items if item.has_units)
    task_kind = max(kinds, key=lambda k: (kinds[k], order.index(k))) if kinds else None
    return InlineReading(items, task_kind, before, after)


def _marker(text: str) -> tuple[str, str, str] | None:
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match and len(text) > match.end():
            return kind, match.group(1), text[match.end() :]
    return None


# What a number garbled by a wrong decoding looks like: ?, replacement marks, Latin letters with tone
# marks, box drawing, private-use and half-width katakana where （二） stood.
_GARBLED = re.compile(r"^[?？\ufffd\u0100-\u024f\u2500-\u257f\ue000-\uf8ff\uff61-\uff9f。]+")
_CN_NUMERALS = "一二三四五六七八九"


def _recover_numbers(
    texts: list[str], markers: list[tuple[str, str, str] | None]
) -> list[tuple[str, ...] | None]:
    """Give a garbled item the number its neighbours of one kind leave for it: （一） ? （三） → （二）."""
    result: list[tuple[str, ...] | None] = list(markers)
    following: list[tuple[str, str, str] | None] = [None] * len(markers)
    upcoming: tuple[str, str, str] | None = None
    for index in range(len(markers) - 1, -1, -1):
        following[index] = upcoming
        upcoming = markers[index] or upcoming
    last_of_kind: dict[str, int | None] = {}
    for index, (text, marker) in enumerate(zip(texts, markers, strict=True)):
        if marker is not None:
            last_of_kind[marker[0]] = _value(marker[0], marker[1])
            continue
        garbled = _GARBLED.match(text)
        after = following[index]
        if garbled is None or len(text) <= garbled.end() or after is None:
            continue
        kind = after[0]
        wanted = _value(kind, after[1])
        before = last_of_kind.get(kind)
        if wanted is None:
            continue
        # Consistent neighbours: n-1 before and n+1 after, or a 2 after and no 1 before it.
        if (wanted >= 3 and before == wanted - 2) or (wanted == 2 and (before is None or before >= 2)):
            result[index] = (kind, _render(kind, wanted - 1), text[garbled.end() :], "recovered")
    return result


def _value(kind: str, no: str) -> int | None:
    if kind in ("cn", "cn_paren"):
        return chinese_numeral(no)
    if kind == "circled":
        return ord(no) - 0x2460 + 1
    return int(no) if no.isdigit() else None


def _render(kind: str, value: int) -> str:
    if kind in ("cn", "cn_paren"):
        tens, ones = divmod(value, 10)
        head = ("" if tens < 2 else _CN_NUMERALS[tens - 1]) + ("十" if tens else "")
        return head + (_CN_NUMERALS[ones - 1] if ones else "")
    if kind == "circled":
        return chr(0x2460 + value - 1)
    return str(value)


def _read_units(item: Item) -> None:
    lines = [item.text, *item.extra]
    kept: list[str] = []
    for line in lines:
        remainder = _read_labels(item, line)
        remainder = _read_trailing_units(item, remainder)
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
        value = line[match.end() : end].rstrip("。. ；;，,")
        if value.endswith((")", "）")) and _closes(value) > _opens(value):
            # The parenthesis that opened before the label closes here; a rule's own (…) stays.
            value = value[:-1]
        value = value.strip("；;，,。. （(")
        value, rule = take_rule(value)
        item.rule = item.rule or rule
        label = match.group(1)
        if label in _DEADLINE_LABELS:
            item.deadline = value
        elif label in _LEADER_LABELS:
            item.leaders += [squash(n) for n in re.split(r"[、，,；;/]", value) if squash(n)]
        elif label in _LEAD_LABELS:
            item.lead += _names(value, item)
        else:
            item.support += _names(value, item)
    return line[:start]


def _opens(text: str) -> int:
    return text.count("(") + text.count("（")


def _closes(text: str) -> int:
    return text.count(")") + text.count("）")


def _read_trailing_units(item: Item, line: str) -> str:
    """Units in a trailing parenthesis: by verbs (X牵头，Y配合; X、Y负责) or a bare list (X,Y,Z)."""
    match = _TRAILING.search(line)
    if match is None or item.has_units:
        return line
    content, rule = take_rule(match.group(1))
    responsible: list[str] = []
    lead: list[str] = []
    support: list[str] = []
    marks: list[str] = []
    bare: list[str] = []
    for clause in clauses(content):
        clause = squash(clause)
        if not clause or clause in {"下同", "以下同"}:
            continue
        for verbs, target in (
            (_LEAD_VERBS, lead),
            (_SUPPORT_VERBS, support),
            (_SHARED_VERBS, responsible),
        ):
            verb = next((v for v in verbs if clause.endswith(v)), None)
            if verb is not None:
                if verb in {"按职责分工负责", "分别负责", "共同负责", _SEPARATELY}:
                    marks.append(verb)
                target += _split(clause[: -len(verb)], marks)
                break
        else:
            bare.append(clause)
    if bare:
        names = [name for clause in bare for name in _split(clause, marks)]
        if lead or support or responsible or not _all_units(names):
            # Not a list of units (a note, a date, 以下简称…): the parenthesis stays in the text.
            return line
        responsible = names
    if not (lead or support or responsible):
        return line
    item.marks += marks
    item.rule = item.rule or rule
    item.lead, item.support = lead, support
    if responsible and not lead:
        item.lead, item.undivided = responsible, True
    elif responsible:
        item.support += responsible
    return line[: match.start()] + line[match.end() :]


def _all_units(names: list[str]) -> bool:
    from duban.ingest.units import looks_like_unit

    # Unit lists name bodies (市财政局, 各县<市、区>人民政府); a few have other endings (市残联).
    usable = [n for n in names if len(n) <= 25 and not re.search(r"\d|[。！？：:“”]", n)]
    return bool(names) and len(usable) == len(names) and sum(map(looks_like_unit, names)) * 2 >= len(names)


def _split(value: str, marks: list[str]) -> list[str]:
    from duban.ingest.units import split_cell

    cell = split_cell(value)
    marks += cell.marks
    return cell.names


def _names(value: str, item: Item) -> list[str]:
    return _split(value, item.marks)
