"""Writes of the reports app: issuing a circular takes the plan's next issue number."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib.audit import audit_record, snapshot
from duban.plans.models import Plan
from duban.reports.adapters import ExportRefused
from duban.reports.data import Period
from duban.reports.models import PARAGRAPHS, CircularIssue

PARAGRAPH_MAX = 4000
NOT_SUPERVISOR = "只有督查室（督办员）可以签发通报。"


def circular_issue_create(
    *, plan: Plan, period: Period, paragraphs: Mapping[str, str], by: User
) -> CircularIssue:
    """Record the next issue (第N期) of the plan's circular with the supervisor's paragraphs."""
    if not permissions.can_supervise(by, plan.organization_id):
        raise ExportRefused(NOT_SUPERVISOR)
    kept = {key: paragraphs.get(key, "").strip()[:PARAGRAPH_MAX] for key in PARAGRAPHS}
    with transaction.atomic():
        # The plan row lock serialises two supervisors issuing at once: each gets its own number.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        last = CircularIssue.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
        issue = CircularIssue.objects.create(
            organization_id=plan.organization_id,
            plan=plan,
            number=last + 1,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            paragraphs={k: v for k, v in kept.items() if v},
            created_by=by,
        )
        audit_record(
            actor=by,
            action="circular_issue",
            obj=issue,
            plan=plan,
            after=snapshot(issue, ("number", "period_start", "period_end", "period_label", "paragraphs")),
        )
        return issue
