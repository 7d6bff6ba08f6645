"""The figures each item scores, from ledger rows as at a period's end (pure).

The rates are those the circular prints: `reports.figures.ledger_summary` wraps `tracking.rules.Summary`
(按时报送率, 按期办结率, 办结率). 目标达成率 counts the targets `tracking.rules.target_met` found met,
序时达标率 the tasks completed or not behind pace (`tracking.rules.pace`), and 报送质量 averages the ratings a
supervisor gave the approved lead reports of the period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from duban.assessment.rules import QUALITY_VALUES, Figure, ItemKind
from duban.reports.data import LedgerTask
from duban.reports.figures import ledger_summary


def item_figures(
    tasks: Sequence[LedgerTask], ratings: Iterable[str], before: Sequence[LedgerTask] = ()
) -> dict[str, Figure]:
    """Every item's figure over one subject's tasks at a period's end and the ratings of its reports.

    The states (办结, 目标, 序时) are as they stand at the end; 按时报送率 counts only the cycles due within
    the period: those owed and made by its end less those owed and made by the day before it (`before`).
    """
    summary = ledger_summary(list(tasks))
    earlier = ledger_summary(list(before))
    targets = [target for task in tasks for target in task.targets]
    values = [QUALITY_VALUES[r] for r in ratings if r in QUALITY_VALUES]
    return {
        ItemKind.REPORTS_ON_TIME: Figure(
            Decimal(summary.reports_made - earlier.reports_made), summary.reports_owed - earlier.reports_owed
        ),
        ItemKind.ON_TIME_COMPLETION: Figure(Decimal(summary.completed_on_time), summary.due),
        ItemKind.COMPLETION: Figure(Decimal(summary.completed), summary.total),
        ItemKind.TARGETS_MET: Figure(Decimal(sum(1 for t in targets if t.met)), len(targets)),
        ItemKind.ON_PACE: Figure(Decimal(sum(1 for t in tasks if t.completed or not t.behind)), len(tasks)),
        ItemKind.QUALITY: Figure(sum(values, Decimal(0)), len(values)),
    }


def tasks_by_lead_unit(
    tasks: Iterable[LedgerTask], collectives: Iterable[str]
) -> dict[str, list[LedgerTask]]:
    """Each lead unit's tasks; a collective (各处室) is no unit and is never assessed as one.

    As in the circular's ranking, a task a collective leads is not counted for its members.
    """
    excluded = set(collectives)
    found: dict[str, list[LedgerTask]] = defaultdict(list)
    for task in tasks:
        for unit in task.lead_units:
            if unit not in excluded:
                found[unit].append(task)
    return dict(found)


def unit_period_figures(
    tasks: Iterable[LedgerTask],
    collectives: Iterable[str],
    ratings: Mapping[str, Sequence[str]],
    before: Iterable[LedgerTask] = (),
) -> dict[str, dict[str, Figure]]:
    """For one period: each lead unit's item figures, by unit name (`before`: the ledger the day before)."""
    earlier = tasks_by_lead_unit(before, collectives)
    return {
        unit: item_figures(led, ratings.get(unit, ()), earlier.get(unit, ()))
        for unit, led in tasks_by_lead_unit(tasks, collectives).items()
    }
