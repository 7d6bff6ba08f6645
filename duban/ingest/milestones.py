"""推进节点 a task's text states: several deadlines, each with what is due by then.

`6月底前出台实施方案，年底前完成验收` gives two nodes (30 June: 出台实施方案; 31 December: 完成验收). A text
with one deadline or none gives no nodes: its deadline is the task's deadline, not a plan of steps.
"""

from __future__ import annotations

import re

from duban.ingest.deadlines import find_deadline
from duban.ingest.model import Milestone
from duban.ingest.text import to_halfwidth_digits

_NUMERAL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_BEFORE = r"(?:前|之前|以前)"
# A phrase that reads as a deadline: a month needs 底/末/旬 or 前 (a bare "3月" in a text is no deadline),
# a day needs 前; 上半年, 年底, 第三季度末 read as deadlines as they stand.
_PHRASE = re.compile(
    rf"(?:\d{{4}}年)?(?:"
    rf"{_NUMERAL}月(?:份)?(?:\d{{1,2}}[日号]{_BEFORE}|(?:底|末|中旬|上旬|下旬){_BEFORE}?|{_BEFORE})"
    rf"|第?[一二三四1-4]季度(?:末|底)?{_BEFORE}?"
    rf"|(?:上半年|下半年|年底|年末|年中){_BEFORE}?"
    rf")"
)
_CLAUSES = re.compile(r"[，,；;。\n]")
_LEADING = '，,、：:（(“"的 \t要须将并'
_MAX_TITLE = 200


def find_milestones(text: str, year: int | None) -> list[Milestone]:
    """The dated nodes of a text with two or more deadlines, by date; none when it has fewer."""
    found: dict[object, Milestone] = {}
    for clause in _CLAUSES.split(to_halfwidth_digits(text)):
        for match in _PHRASE.finditer(clause):
            deadline = find_deadline(match.group(0), year)
            if deadline is None or deadline.date is None or deadline.date in found:
                continue
            title = _title(clause, match)
            if title:
                found[deadline.date] = Milestone(date=deadline.date, title=title, text=match.group(0))
    if len(found) < 2:
        return []
    return sorted(found.values(), key=lambda m: m.date)


def _title(clause: str, match: re.Match[str]) -> str:
    # What is due: the words after the phrase up to the next phrase; else the words before it.
    following = _PHRASE.search(clause, match.end())
    after = clause[match.end() : following.start() if following else len(clause)].strip(_LEADING)
    before = clause[: match.start()].strip(_LEADING)
    for words in (after, before):
        if len(words) >= 2:
            return words[:_MAX_TITLE]
    return ""


def task_milestones(text: str, deadline_text: str | None, year: int | None) -> list[Milestone]:
    """A task's nodes: from its text, else from its deadline cell (6月底前方案，年底前验收 written there)."""
    return find_milestones(text, year) or (find_milestones(deadline_text, year) if deadline_text else [])
