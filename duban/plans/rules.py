"""Pure rules on plans, shared by the publishing service and the warnings shown before publishing."""

from __future__ import annotations

import datetime as dt

from duban.plans.models import DocumentAction, Plan


def publish_dates(
    plan: Plan, *, today: dt.date, start_date: dt.date | None = None, default_deadline: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The start and default deadline a plan is published with: those given, else from its year."""
    year = plan.year or (start_date or today).year
    start = start_date or plan.issue_date or dt.date(year, 1, 1)
    return start, default_deadline or dt.date(year, 12, 31)


def document_is_deliverable(action: str) -> bool:
    """Whether a task must issue the document it names: only when it 出台/制定/印发 it.

    落实/贯彻 《…》 (implement) names a document that exists already, the task's basis; 编写/出版 《…》
    (compile) produces teaching material or a book, which carries no 文号; neither can be issued by the task.
    """
    return action == DocumentAction.ISSUE


def even_percents(count: int) -> list[int]:
    """Progress for `count` 推进节点 nobody weighted: evenly spaced, the last at 100 %."""
    return [round(100 * (i + 1) / count) for i in range(count)]


def percents_filled(percents: list[int | None]) -> list[int]:
    """Nodes' percentages, the missing ones spread between their neighbours (0 before; the last at 100)."""
    filled: list[int] = []
    for i, value in enumerate(percents):
        if value is not None:
            filled.append(value)
            continue
        low = filled[-1] if filled else 0
        later = next(((j, v) for j, v in enumerate(percents[i:], start=i) if v is not None), None)
        high_at, high = later if later is not None else (len(percents) - 1, 100)
        filled.append(round(low + (high - low) / (high_at - i + 1)))
    return filled
