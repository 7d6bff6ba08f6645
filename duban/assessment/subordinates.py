"""The subordinate organisations a plan is assessed on: those that received its tasks (承接任务).

Each organisation is scored on the same items as a unit, over its own 承接任务 as they stood at each
period's end (`reports.adapters.ledger_rows` with tracking's figures, rewound), so a county's score comes
from its own reports and completions, never from the city's. The parent reads only its links and the
linked tasks (as the roll-up does), never a subordinate's other tasks. The queries grow with the periods
reached, never with the number of subordinates or tasks. A county whose plan for this one is still a draft
(it cannot report yet) is listed with the reason and no score, never as a 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet

from duban.accounts.models import Organization
from duban.assessment.figures import item_figures
from duban.assessment.ratings import period_ratings
from duban.assessment.rules import Figure, PeriodSpec, SubjectFigures
from duban.plans.models import CascadeLink, Plan, PlanStatus, Task
from duban.reports.adapters import ledger_rows
from duban.reports.data import LedgerTask
from duban.reports.exports import DEFAULT_TRACKING
from duban.tracking import rules as tracking_rules
from duban.tracking.models import ProgressReport

NOT_PUBLISHED = "{signed}，承接方案尚未发布，不参加排名"


def plan_start(plan: Plan) -> dt.date:
    """The first day reports can be owed: the plan's start, else 1 January of its year."""
    return plan.start_date or dt.date(tracking_rules.plan_year(plan), 1, 1)


def plan_links(plan: Plan) -> QuerySet[CascadeLink]:
    """The links that sent the plan's tasks down: the parent's side only, as the roll-up reads them."""
    return CascadeLink.objects.filter(parent_organization_id=plan.organization_id, parent_task__plan=plan)


def assessed_subordinates(plan: Plan) -> QuerySet[Organization]:
    """The subordinate organisations a plan assesses: those holding 承接任务 of it, by name."""
    return Organization.objects.filter(pk__in=plan_links(plan).values("organization_id")).order_by("name")


def cascaded_subordinates(plan: Plan, periods: Sequence[PeriodSpec], today: dt.date) -> list[SubjectFigures]:
    """One subject per organisation that received a task of the plan, its items over its 承接任务."""
    links = list(plan_links(plan).select_related("organization").order_by("organization__name", "pk"))
    if not links:
        return []
    organization_of = {link.child_task_id: link.organization for link in links}
    found = list(Task.objects.filter(pk__in=list(organization_of)).select_related("plan").for_display())
    # A county whose plan for this one is still a draft could not report yet: it is listed, not scored.
    exclusions = {
        organization_of[t.pk].pk: not_published(links, organization_of[t.pk].pk)
        for t in found
        if t.plan.status == PlanStatus.DRAFT
    }
    tasks = [t for t in found if organization_of[t.pk].pk not in exclusions]
    reports = ProgressReport.objects.filter(task_id__in=[t.pk for t in tasks])
    ratings = period_ratings(reports, "task__organization_id", periods)
    rows: dict[dt.date, dict[int, list[LedgerTask]]] = {}

    def rows_on(day: dt.date) -> dict[int, list[LedgerTask]]:
        # As for units: contiguous periods share a day, so each day's rows are read once.
        if day not in rows:
            by_org: dict[int, list[LedgerTask]] = defaultdict(list)
            ledger = (
                ledger_rows(tasks, today=day, tracking=DEFAULT_TRACKING, rewind=day < today) if tasks else []
            )
            for task, row in zip(tasks, ledger, strict=True):
                by_org[organization_of[task.pk].pk].append(row)
            rows[day] = by_org
        return rows[day]

    figures: dict[int, dict[str, dict[str, Figure]]] = defaultdict(dict)  # organisation → period → items
    organizations = {org.pk: org for org in organization_of.values()}
    for period in periods:
        at_end = rows_on(min(period.end, today))
        eve = period.start - dt.timedelta(days=1)
        before = rows_on(eve) if eve >= plan_start(plan) else {}
        for pk in organizations.keys() - exclusions.keys():
            figures[pk][period.label] = item_figures(
                at_end.get(pk, []), ratings[period.label].get(pk, []), before.get(pk, [])
            )
    return [
        SubjectFigures(
            key=f"organization:{org.pk}",
            name=org.name,
            kind="organization",
            figures=figures.get(org.pk, {}),
            exclusion=exclusions.get(org.pk, ""),
        )
        for org in sorted(organizations.values(), key=lambda o: o.name)
    ]


def not_published(links: Sequence[CascadeLink], organization_id: int) -> str:
    """Why a county is not ranked: its plan is a draft, with how much it has signed for (签收)."""
    own = [link for link in links if link.organization_id == organization_id]
    accepted = sum(1 for link in own if link.accepted_at is not None)
    if accepted == 0:
        signed = "未签收"
    elif accepted < len(own):
        signed = f"已签收{accepted}/{len(own)}项"
    else:
        signed = "已签收"
    return NOT_PUBLISHED.format(signed=signed)
