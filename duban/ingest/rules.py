"""Rules a document states about its unit lists: 排名第一位为牵头单位, 下同, 除标注“分别牵头”外.

A rule is not a unit: it is taken out of the unit list it is written in, recorded once for the plan,
and applied to its own task and, when it says 下同, to the tasks after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.ingest.text import squash

FIRST_LEADS = re.compile(
    r"(?:排在|列在|排名|列于|列|排)?第一(?:位|个|名)?(?:的)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
)
_ONWARD = re.compile(r"^(?:以)?下同$")
_EXCEPT = re.compile(r"^除.*外$")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[)）]")
_CLAUSE_SEPARATORS = "，,；;"
OPEN, CLOSE = "（(【[<〈", "）)】]>〉"


@dataclass(frozen=True, slots=True)
class StatedRule:
    """The document's own rule that the first-listed unit leads, as written."""

    text: str
    onward: bool


def clauses(text: str) -> list[str]:
    """The text split on commas and semicolons outside brackets (各县（市、区）, 各县<市、区> stay whole)."""
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _CLAUSE_SEPARATORS:
            pieces.append("".join(current))
            current = []
            continue
        current.append(ch)
    pieces.append("".join(current))
    return pieces


def take_rule(text: str) -> tuple[str, StatedRule | None]:
    """The unit list without a stated rule in it, and the rule; (text, None) when it states none."""
    if "第一" not in text:
        return text, None
    original = text
    stated: list[str] = []
    for match in list(_BRACKETED.finditer(text)):
        if FIRST_LEADS.search(squash(match.group(1))):
            stated.extend(squash(c) for c in clauses(match.group(1)))
            text = text.replace(match.group(0), "", 1)
    kept: list[str] = []
    for clause in clauses(text):
        key = squash(clause)
        if FIRST_LEADS.search(key) or _ONWARD.match(key) or _EXCEPT.match(key):
            stated.append(key)
        elif key:
            kept.append(clause)
    if not any(FIRST_LEADS.search(c) for c in stated):
        return original, None
    onward = any(_ONWARD.match(c) for c in stated)
    return "，".join(kept), StatedRule("，".join(c for c in stated if c), onward)


def stated_in(paragraphs: list[str]) -> StatedRule | None:
    """A rule stated in running text (各项任务排在第一位的为牵头单位), which holds for the whole plan."""
    for paragraph in paragraphs:
        if "第一" in paragraph:
            match = FIRST_LEADS.search(squash(paragraph))
            if match:
                return StatedRule(match.group(0), onward=True)
    return None
