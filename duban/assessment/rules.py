"""考核 scoring: pure functions from a scheme and each subject's figures to scores, places and grades.

A subject is whatever is assessed: a unit of the plan now, a subordinate organisation once the hierarchy
exists. Nothing here reads the database or the clock; `figures.py` turns ledger rows into `Figure`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ItemKind(StrEnum):
    """The figures an item may score; each is measured by Duban, none typed in."""

    REPORTS_ON_TIME = "reports_on_time"
    ON_TIME_COMPLETION = "on_time_completion"
    COMPLETION = "completion"
    TARGETS_MET = "targets_met"
    ON_PACE = "on_pace"
    QUALITY = "quality"


ITEM_LABELS: dict[str, str] = {
    ItemKind.REPORTS_ON_TIME: "按时报送率",
    ItemKind.ON_TIME_COMPLETION: "按期办结率",
    ItemKind.COMPLETION: "办结率",
    ItemKind.TARGETS_MET: "目标达成率",
    ItemKind.ON_PACE: "序时达标率",
    ItemKind.QUALITY: "报送质量",
}
# What each figure counts, shown beside it: "18/20 期".
ITEM_UNITS: dict[str, str] = {
    ItemKind.REPORTS_ON_TIME: "期",
    ItemKind.ON_TIME_COMPLETION: "项",
    ItemKind.COMPLETION: "项",
    ItemKind.TARGETS_MET: "个指标",
    ItemKind.ON_PACE: "项",
    ItemKind.QUALITY: "条",
}
# A rated report's worth: 优 counts in full, 差 for half.
QUALITY_VALUES: dict[str, Decimal] = {
    "excellent": Decimal(1),
    "good": Decimal("0.85"),
    "fair": Decimal("0.7"),
    "poor": Decimal("0.5"),
}


@dataclass(frozen=True)
class Item:
    """A scored item (考核项目) and its weight in points out of 100."""

    kind: str
    weight: int


@dataclass(frozen=True)
class PeriodSpec:
    """A period assessed (一季度) and its weight in the year's total, out of 100."""

    label: str
    start: dt.date
    end: dt.date
    weight: int


@dataclass(frozen=True)
class GradeSpec:
    """A grade (优秀) given from `minimum` points up."""

    label: str
    minimum: Decimal


@dataclass(frozen=True)
class Scheme:
    """考核细则: items, periods, grades, the share of 优秀 allowed, caps on 加分 and 扣分."""

    items: tuple[Item, ...]
    periods: tuple[PeriodSpec, ...]
    grades: tuple[GradeSpec, ...]
    excellent_quota: int | None = None  # at most this percentage of the ranked subjects get the top grade
    bonus_cap: Decimal | None = None
    deduction_cap: Decimal | None = None


DEFAULT_ITEMS = (
    Item(ItemKind.REPORTS_ON_TIME, 20),
    Item(ItemKind.ON_TIME_COMPLETION, 25),
    Item(ItemKind.COMPLETION, 15),
    Item(ItemKind.TARGETS_MET, 15),
    Item(ItemKind.ON_PACE, 15),
    Item(ItemKind.QUALITY, 10),
)
DEFAULT_GRADES = (
    GradeSpec("优秀", Decimal(90)),
    GradeSpec("良好", Decimal(80)),
    GradeSpec("合格", Decimal(60)),
    GradeSpec("不合格", Decimal(0)),
)
QUARTER_WEIGHTS = (15, 25, 25, 35)


def default_scheme(year: int) -> Scheme:
    """The scheme a plan starts with: six items, the year's quarters weighted 15/25/25/35, four grades."""
    quarters = tuple(
        PeriodSpec(
            label=f"{'一二三四'[i]}季度",
            start=dt.date(year, 3 * i + 1, 1),
            end=dt.date(year, 3 * i + 3, 31 if i in (0, 3) else 30),
            weight=weight,
        )
        for i, weight in enumerate(QUARTER_WEIGHTS)
    )
    return Scheme(items=DEFAULT_ITEMS, periods=quarters, grades=DEFAULT_GRADES, bonus_cap=Decimal(5))


def scheme_problems(scheme: Scheme) -> dict[str, list[str]]:
    """Everything wrong with a scheme, by part (items, periods, grades, quota, caps), in Chinese."""
    found: dict[str, list[str]] = {}

    def add(part: str, message: str) -> None:
        found.setdefault(part, []).append(message)

    kinds = [item.kind for item in scheme.items]
    if not scheme.items:
        add("items", "请至少设置一个考核项目。")
    for item in scheme.items:
        if item.kind not in ITEM_LABELS:
            add("items", f"未知的考核项目“{item.kind}”。")
        elif item.weight <= 0:
            add("items", f"“{ITEM_LABELS[item.kind]}”的权重须为正整数。")
    for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
        add("items", f"“{ITEM_LABELS.get(kind, kind)}”重复设置了。")
    total = sum(item.weight for item in scheme.items)
    if scheme.items and total != 100:
        add("items", f"考核项目的权重合计须为100，现为{total}。")
    if not scheme.periods:
        add("periods", "请至少设置一个考核期间。")
    for period in scheme.periods:
        name = period.label or "未命名的期间"
        if not period.label.strip():
            add("periods", "每个考核期间都要有名称（如“一季度”）。")
        if period.start > period.end:
            add("periods", f"“{name}”的开始日期晚于结束日期。")
        if period.weight <= 0:
            add("periods", f"“{name}”的权重须为正整数。")
    ordered = sorted(scheme.periods, key=lambda p: p.start)
    for before, after in pairwise(ordered):
        if after.start <= before.end:
            add("periods", f"“{before.label}”与“{after.label}”的日期重叠。")
    total = sum(period.weight for period in scheme.periods)
    if scheme.periods and total != 100:
        add("periods", f"考核期间的权重合计须为100，现为{total}。")
    minimums = [grade.minimum for grade in scheme.grades]
    if not scheme.grades:
        add("grades", "请至少设置一个等次。")
    if any(not grade.label.strip() for grade in scheme.grades):
        add("grades", "每个等次都要有名称（如“优秀”）。")
    if any(m < 0 or m > HUNDRED for m in minimums):
        add("grades", "等次的分数线须在0到100之间。")
    if any(a <= b for a, b in pairwise(minimums)):
        add("grades", "等次须从高到低排列，分数线逐级降低。")
    if minimums and minimums[-1] != 0:
        add("grades", "最低一个等次的分数线须为0，使每个单位都有等次。")
    if scheme.excellent_quota is not None and not 0 < scheme.excellent_quota <= 100:
        add("excellent_quota", "优秀比例上限须在1%到100%之间，不限则留空。")
    for part, cap in (("bonus_cap", scheme.bonus_cap), ("deduction_cap", scheme.deduction_cap)):
        if cap is not None and cap < 0:
            add(part, "上限不能为负数，不限则留空。")
    return found


@dataclass(frozen=True)
class Figure:
    """A measured rate as its parts: `part` of `whole` (a quality figure sums report values)."""

    part: Decimal
    whole: int

    @property
    def rate(self) -> Decimal | None:
        """The rate 0–1, None when nothing was owed (the item does not apply)."""
        return None if self.whole == 0 else self.part / self.whole


@dataclass(frozen=True)
class Adjustment:
    """A manual entry on a subject: 加分 (positive), 扣分 (negative) or 一票否决 (veto)."""

    points: Decimal
    veto: bool = False
    reason: str = ""


@dataclass(frozen=True)
class SubjectFigures:
    """What was measured for one subject, per period label and item kind."""

    key: str  # "unit:12" or "organization:7"
    name: str
    kind: str  # "unit" or "organization"
    figures: Mapping[str, Mapping[str, Figure]]  # period label → item kind → figure
    adjustments: Sequence[Adjustment] = ()
    exclusion: str = ""  # why the subject is listed without a score or a place ("" when it is assessed)


@dataclass(frozen=True)
class ItemScore:
    """One item of one period: its figure, and the points it earned (None: not applicable)."""

    kind: str
    weight: int
    figure: Figure | None
    points: Decimal | None

    @property
    def label(self) -> str:
        """The item's Chinese name."""
        return ITEM_LABELS.get(self.kind, self.kind)

    @property
    def source(self) -> str:
        """The figure behind the points, as a person reads it: "18/20 期（90.00%）" or "不适用"."""
        if self.figure is None or self.figure.rate is None:
            return "不适用"
        rate = (self.figure.rate * HUNDRED).quantize(CENT, ROUND_HALF_UP)
        if self.kind == ItemKind.QUALITY:
            return f"{self.figure.whole} 条已评价（均值 {rate}%）"
        part = (
            self.figure.part.quantize(Decimal(1))
            if self.figure.part == int(self.figure.part)
            else self.figure.part
        )
        return f"{part}/{self.figure.whole} {ITEM_UNITS.get(self.kind, '')}（{rate}%）"


@dataclass(frozen=True)
class PeriodScore:
    """A period's score on 100 from its applicable items (None when none applies)."""

    label: str
    weight: int
    items: tuple[ItemScore, ...]
    score: Decimal | None


@dataclass
class SubjectResult:
    """A subject's total: base from the periods, plus 加分, minus 扣分; its place and grade."""

    key: str
    name: str
    kind: str
    periods: tuple[PeriodScore, ...]
    base: Decimal | None
    bonus: Decimal
    deduction: Decimal
    veto: bool
    total: Decimal | None
    rank: int | None = None
    tied: bool = False
    grade: str = ""
    adjustments: tuple[Adjustment, ...] = field(default=())
    exclusion: str = ""


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def period_score(
    label: str, weight: int, items: Sequence[Item], figures: Mapping[str, Figure]
) -> PeriodScore:
    """Each item earns weight × rate; items without a figure do not apply and the rest count on 100."""
    scored: list[ItemScore] = []
    for item in items:
        figure = figures.get(item.kind)
        rate = figure.rate if figure is not None else None
        points = None if rate is None else _round(rate * item.weight)
        scored.append(ItemScore(item.kind, item.weight, figure, points))
    # Exact rates, not the rounded points, so the score does not carry six roundings.
    exact = [(f.rate, s.weight) for s in scored if (f := s.figure) is not None and f.rate is not None]
    weights = sum(w for _, w in exact)
    earned = sum((rate * w for rate, w in exact), Decimal(0))
    score = _round(earned * HUNDRED / weights) if weights else None
    return PeriodScore(label=label, weight=weight, items=tuple(scored), score=score)


def subject_result(scheme: Scheme, subject: SubjectFigures, periods: Sequence[PeriodSpec]) -> SubjectResult:
    """A subject's result over the periods reached; periods weigh in proportion to their weights.

    An excluded subject (its `exclusion` says why) is measured on nothing: no score, so no place.
    """
    figures: Mapping[str, Mapping[str, Figure]] = {} if subject.exclusion else subject.figures
    scores = tuple(period_score(p.label, p.weight, scheme.items, figures.get(p.label, {})) for p in periods)
    counted = [p for p in scores if p.score is not None]
    weights = sum(p.weight for p in counted)
    weighted = sum(((p.score or Decimal(0)) * p.weight for p in counted), Decimal(0))
    base = _round(weighted / weights) if weights else None
    bonus = sum((a.points for a in subject.adjustments if a.points > 0), Decimal(0))
    deduction = -sum((a.points for a in subject.adjustments if a.points < 0), Decimal(0))
    if scheme.bonus_cap is not None:
        bonus = min(bonus, scheme.bonus_cap)
    if scheme.deduction_cap is not None:
        deduction = min(deduction, scheme.deduction_cap)
    bonus, deduction = _round(bonus), _round(deduction)  # "0.00" beside "1.50", as the totals are written
    veto = any(a.veto for a in subject.adjustments)
    total = None if base is None else _round(base + bonus - deduction)
    return SubjectResult(
        key=subject.key,
        name=subject.name,
        kind=subject.kind,
        periods=scores,
        base=base,
        bonus=bonus,
        deduction=deduction,
        veto=veto,
        total=total,
        adjustments=tuple(subject.adjustments),
        exclusion=subject.exclusion,
    )


def ranked(scheme: Scheme, results: Sequence[SubjectResult]) -> list[SubjectResult]:
    """Places by total, equal totals sharing a place (并列); grades by threshold, 优秀 within its quota.

    A vetoed subject (一票否决) or one with no score is not ranked and gets the lowest grade or none. The
    quota counts places: a tie at the last place within it keeps the top grade for all who share it.
    """
    ordered = sorted(
        (r for r in results if r.total is not None and not r.veto),
        key=lambda r: (-(r.total or Decimal(0)), r.name),
    )
    totals = [r.total for r in ordered]
    quota = None
    if scheme.excellent_quota is not None:
        quota = len(ordered) * scheme.excellent_quota // 100
    for index, result in enumerate(ordered):
        place = index + 1 if index == 0 or totals[index - 1] != result.total else ordered[index - 1].rank
        result.rank = place
        result.tied = totals.count(result.total) > 1
        result.grade = _grade(scheme, result.total or Decimal(0), place or 0, quota)
    others = sorted((r for r in results if r.total is None or r.veto), key=lambda r: r.name)
    for result in others:
        result.rank, result.tied = None, False
        result.grade = scheme.grades[-1].label if result.veto and scheme.grades else ""
    return [*ordered, *others]


def _grade(scheme: Scheme, total: Decimal, place: int, quota: int | None) -> str:
    for index, grade in enumerate(scheme.grades):
        if total >= grade.minimum:
            if index == 0 and quota is not None and place > quota and len(scheme.grades) > 1:
                continue  # over the quota of the top grade: the next grade the total reaches
            return grade.label
    return scheme.grades[-1].label if scheme.grades else ""


def periods_reached(scheme: Scheme, today: dt.date) -> list[PeriodSpec]:
    """The periods begun by `today`, in order; a period not yet begun has nothing to score."""
    return sorted((p for p in scheme.periods if p.start <= today), key=lambda p: p.start)
