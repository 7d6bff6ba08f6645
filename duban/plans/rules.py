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
