"""Unit names: splitting a cell into names, and names run together split by what the document uses."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from duban.ingest.text import squash

# Endings that close a unit's name: 基教处, 教研室, 监测中心, 教科所, 考试院, 教育工会, 纪检组 …
UNIT_SUFFIXES = (
    "中心",
    "处",
    "室",
    "所",
    "院",
    "会",
    "组",
    "委",
    "局",
    "办",
    "部",
    "厅",
    "科",
    "站",
    "队",
    "馆",
    "校",
    "司",
    "署",
    "府",
    "庭",
    "社",
    "团",
    "行",
    "公司",
    "集团",
    "学校",
    "政府",
    "单位",
    "部门",
    "机构",
)
_SEPARATORS = "、，,；;/／\n"
_CONJUNCTIONS = ("及", "和", "与")
_OPEN, _CLOSE = "（(【[<〈", "）)】]>〉"
# Phrases written beside units that are not units: kept as marks on the task.
_MARKS = re.compile(
    r"(等有关部门|等相关部门|等有关单位|等相关单位|等部门|等单位|分别牵头|按职责分工负责|按职责负责"
    r"|按职责分工|负责落实|牵头|负责|配合|参与|等)$"
)


@dataclass
class SplitCell:
    """The names in one unit cell, with the marks found beside them."""

    names: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)


# A run of area kinds after one 各 is one collective (各区、县级市; 各县、市、区人民政府), but only when
# joined by 、: 各街道,区商务局 and 各乡镇、区直各单位 are two units each.
_AREA = r"(?:县[（(]市[)）]|县级市|县市区|县区|市区|乡镇|街道|区|县|市|乡|镇|旗)"
_OPEN_RUN = re.compile(rf"^各?{_AREA}(?:、{_AREA})*$")
_RUN_GOES_ON = re.compile(rf"^{_AREA}(?:人民政府|政府|党委|党委政府|管委会)?$")


def split_cell(cell: str) -> SplitCell:
    """Split a unit cell on separators and conjunctions, never inside one name (各县（市、区）教育局)."""
    names, marks = _split_cached(cell)
    return SplitCell(names=list(names), marks=list(marks))


@lru_cache(maxsize=4096)
def _split_cached(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Plans repeat the same unit cells hundreds of times: split each distinct cell once.
    result = SplitCell()
    pieces: list[str] = []
    for piece, separator in _split_outside_brackets(cell):
        if pieces and separator == "、" and _OPEN_RUN.match(pieces[-1]) and _RUN_GOES_ON.match(piece):
            pieces[-1] = f"{pieces[-1]}、{piece}"
        else:
            pieces.append(piece)
    for piece in pieces:
        name = piece.strip("。.：:")
        mark = _MARKS.search(name)
        if mark is not None:
            result.marks.append(mark.group(0))
            name = name[: mark.start()]
        if name:
            result.names.append(name)
    return tuple(result.names), tuple(result.marks)


_SIMPLE_SPLIT = re.compile("([" + re.escape(_SEPARATORS) + "])")
_CAREFUL = re.compile("[" + re.escape(_OPEN + "".join(_CONJUNCTIONS)) + "]")


def _split_outside_brackets(cell: str) -> list[tuple[str, str]]:
    """The cell's pieces, white space removed, each with the separator written before it."""
    if not _CAREFUL.search(cell):
        # No brackets and no conjunctions: a plain split is the same and much quicker.
        parts = _SIMPLE_SPLIT.split(cell)
        found = [(squash(parts[0]), "")]
        found += [(squash(parts[i + 1]), parts[i]) for i in range(1, len(parts) - 1, 2)]
    else:
        found = []
        depth = 0
        current: list[str] = []
        separator = ""
        for index, ch in enumerate(cell):
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            if depth == 0 and (ch in _SEPARATORS or _is_conjunction(cell, index)):
                found.append((squash("".join(current)), separator))
                current = []
                separator = ch
                continue
            current.append(ch)
        found.append((squash("".join(current)), separator))
    return [(piece, separator) for piece, separator in found if piece]


def _is_conjunction(cell: str, index: int) -> bool:
    # 及/和 join two names only when a name ends right before it (基教处和人事处), not inside one (和美办).
    if cell[index] not in _CONJUNCTIONS or index == 0:
        return False
    before = squash(cell[:index])
    return before.endswith(UNIT_SUFFIXES) and index + 1 < len(cell)


def looks_like_unit(name: str) -> bool:
    """True for a short name that ends as unit names end, or a collective such as 各处室."""
    name = squash(name)
    if not 2 <= len(name) <= 30 or re.search(r"[。！？：:]", name):
        return False
    return name.endswith(UNIT_SUFFIXES) or name.startswith("各")


class Vocabulary:
    """The unit names a document uses on their own, learned before any joined name is split."""

    def __init__(self, names: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter(names)

    @classmethod
    def from_counts(cls, counts: Counter[str]) -> Vocabulary:
        """A vocabulary from how often each name is used."""
        vocabulary = cls(())
        vocabulary.counts = Counter(counts)
        return vocabulary

    def split_joined(self, name: str) -> list[str] | None:
        """Split a name that is two or more names run together, or None when it is one name."""
        # A name the document uses on its own more than once is a name, however it reads.
        if len(name) < 5 or self.counts[name] > 1:
            return None
        known = {n for n in self.counts if n != name}
        parts = _cover(name, lambda piece: piece in known)
        if parts is None:
            parts = _cover(name, lambda piece: len(piece) >= 3 and piece.endswith(UNIT_SUFFIXES))
            if parts is not None and not any(part in known for part in parts):
                return None
        return parts


def _cover(name: str, is_name: Callable[[str], bool]) -> list[str] | None:
    """Cover `name` exactly with two or more pieces that pass `is_name`, the fewest possible."""
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(name) + 1):
        for start in range(end):
            if start not in best or (start == 0 and end == len(name)):
                continue
            piece = name[start:end]
            if is_name(piece):
                candidate = [*best[start], piece]
                if end not in best or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best.get(len(name))
