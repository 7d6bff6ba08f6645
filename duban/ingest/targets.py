"""Numeric targets in a task's text: 新增学位6000个, 覆盖面达到90.5%, 建成3个卫星班."""

from __future__ import annotations

import re

from duban.ingest.model import Target, TargetOp
from duban.ingest.text import to_halfwidth_digits

# Measure words and units that make a number a quantity; longest first so 万元 wins over 万.
_UNITS = sorted(
    (
        "%",
        "个百分点",
        "百分点",
        "万元",
        "亿元",
        "千元",
        "元",
        "万人次",
        "人次",
        "万人",
        "万平方米",
        "平方米",
        "平方公里",
        "公里",
        "千米",
        "万亩",
        "亩",
        "万吨",
        "吨",
        "万",
        "亿",
        "个",
        "所",
        "家",
        "人",
        "名",
        "项",
        "次",
        "条",
        "篇",
        "座",
        "间",
        "台",
        "套",
        "门",
        "批",
        "支",
        "场",
        "届",
        "户",
        "种",
        "册",
        "本",
        "件",
        "份",
        "处",
        "张",
        "节",
        "课时",
        "学时",
        "小时",
        "万册",
        "床",
        "辆",
        "部",
        "期",
    ),
    key=len,
    reverse=True,
)
_NUMBER = re.compile(r"(?<![\d.A-Za-z+＋/])(\d+(?:\.\d+)?)\s*(" + "|".join(map(re.escape, _UNITS)) + ")")
_ANY_DIGIT = re.compile(r"[0-9０-９]")
_CLAUSE_END = "，。；！？,;：:\n"
_PUNCT = set(_CLAUSE_END) | set("、“”‘’\"'《》（）()")
# Greedy: matches up to and including the last clause end, so its end is where the last clause starts.
_UP_TO_LAST_CLAUSE = re.compile(f".*[{re.escape(_CLAUSE_END)}]", re.DOTALL)
# Where a noun after a count ends: at a pause, or at a bracket, which needs the careful walk.
_NOUN_STOP = re.compile("[" + re.escape("".join(sorted(_PUNCT))) + "]")
_TITLE = re.compile(r"《[^》]*》")
_DIGIT = re.compile(r"\d")
_GE_BEFORE = (
    "达到",
    "提高到",
    "提升到",
    "扩大到",
    "增加到",
    "增长到",
    "超过",
    "不少于",
    "不低于",
    "力争",
    "确保",
    "达",
)
_LE_BEFORE = ("不超过", "不高于", "控制在", "低于", "少于", "压减到", "压缩到", "降低到", "降至", "下降到")
_INCREASE_BEFORE = ("提高", "提升", "增加", "增长", "扩大")
_LEADING_VERBS = re.compile(
    r"^(?:(?:完成|创成|建设|新建|改建|扩建|改扩建|建成|创建|实现|推进|确保|力争|全面|累计|培育|打造|组建|开展|"
    r"培养|招收|招聘|认定|评选|命名|选派|遴选|举办|实施)[、和及与]?)+"
)
# Longest first: a metric that ends in 提高到 loses all three characters, not only 到's neighbours.
_TRAILING_OPS = tuple(
    sorted(
        (
            "达到",
            "提高到",
            "提升到",
            "扩大到",
            "增加到",
            "增长到",
            "不少于",
            "不低于",
            "不超过",
            "不高于",
            "控制在",
            "超过",
            "达",
            "为",
            "提高",
            "提升",
            "增加",
            "增长",
            "扩大",
            "低于",
            "降至",
        ),
        key=len,
        reverse=True,
    )
)


def find_targets(text: str) -> list[Target]:
    """Every quantity in `text` that a task commits to, in order of appearance."""
    if not _ANY_DIGIT.search(text):
        return []
    original = text
    # One character for one, so spans found in the normalised text slice the original alike.
    text = to_halfwidth_digits(text).replace("％", "%")
    titles = [m.span() for m in _TITLE.finditer(text)] if "《" in text else []
    targets: list[Target] = []
    previous_end = 0
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        number, unit = match.group(1), match.group(2)
        if (titles and any(a <= start < b for a, b in titles)) or _is_not_a_quantity(text, start, end, unit):
            continue
        qualifier = _qualifier(text, end)
        after = end + len(qualifier)
        if qualifier and after < len(text) and text[after] not in _PUNCT:
            # 100人以下小规模学校: a bound that describes a noun, not a target.
            continue
        op = _op(text[previous_end:start], qualifier)
        metric, span_start, span_end = _metric(text, previous_end, start, after)
        if not metric:
            continue
        value: float | int = float(number) if "." in number else int(number)
        targets.append(
            Target(metric=metric, value=value, unit=unit, op=op, text=original[span_start:span_end])
        )
        previous_end = span_end
    return targets


def _is_not_a_quantity(text: str, start: int, end: int, unit: str) -> bool:
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if before in {"第", "前", "近", "每"} or after[:1] in {
        "+",
        "＋",
        "年",
        "月",
        "日",
        "号",
        "岁",
        "级",
        ".",
    }:
        return True
    # 3个月 is a duration, 5个工作日 too; 2所以上 stays a count.
    return unit == "个" and after[:1] in {"月", "工", "季", "小"}


_QUALIFIERS = frozenset(("以上", "以下", "以内", "左右"))


def _qualifier(text: str, end: int) -> str:
    word = text[end : end + 2]
    return word if word in _QUALIFIERS else ""


def _op(before: str, qualifier: str) -> TargetOp:
    if qualifier in {"以下", "以内"}:
        return "<="
    if qualifier == "以上":
        return ">="
    clause = before[_last_clause_start(before) :]
    if clause.endswith(_LE_BEFORE):
        return "<="
    if clause.endswith(_GE_BEFORE):
        return ">="
    if clause.endswith(_INCREASE_BEFORE):
        return "+"
    return ">="


def _metric(text: str, floor: int, start: int, after: int) -> tuple[str, int, int]:
    """The thing counted, and the span of the target's words in the text."""
    follow = _noun_after(text, after)
    if follow:
        return follow, start, after + len(follow)
    clause_start = _clause_start(text, floor, start)
    while clause_start < start and text[clause_start] in "、 ":
        clause_start += 1
    words = text[clause_start:start]
    # A list of targets shares a verb: 建设A6所、B5个 — the second metric starts after the 、.
    if "、" in words and _DIGIT.search(words):
        clause_start += words.rindex("、") + 1
        words = text[clause_start:start]
    stripped = _LEADING_VERBS.sub("", words)
    metric = _without_trailing_op(stripped) or stripped
    return metric.strip("、 "), clause_start + len(words) - len(stripped), after


def _without_trailing_op(words: str) -> str:
    if not words.endswith(_TRAILING_OPS):
        return words
    for op in _TRAILING_OPS:
        if words.endswith(op):
            return words[: -len(op)]
    return words


def _last_clause_start(text: str) -> int:
    found = _UP_TO_LAST_CLAUSE.match(text)
    return found.end() if found else 0


def _clause_start(text: str, floor: int, start: int) -> int:
    """Where the clause holding the number at `start` begins, not before `floor`."""
    segment = text[floor:start]
    if not any(bracket in segment for bracket in "（）()"):
        return floor + _last_clause_start(segment)
    clause_start = start
    depth = 0
    while clause_start > floor and (depth or text[clause_start - 1] not in _CLAUSE_END):
        # A bracketed aside (含民办) belongs to the metric, whatever punctuation it holds.
        depth += {"）": 1, ")": 1, "（": -1, "(": -1}.get(text[clause_start - 1], 0)
        clause_start -= 1
    return clause_start


def _noun_after(text: str, after: int) -> str:
    """The noun phrase right after a count (建成3个卫星班), up to the next pause."""
    stop = _NOUN_STOP.search(text, after)
    if stop is None or stop.group() not in "（(":
        end = stop.start() if stop is not None else len(text)
    else:
        end = after
        depth = 0
        while end < len(text) and (depth or text[end] not in _PUNCT or text[end] in "（("):
            if text[end] in "（(":
                depth += 1
            elif text[end] in "）)":
                depth -= 1
            end += 1
    noun = text[after:end]
    return noun if noun and not noun[0].isdigit() else ""
