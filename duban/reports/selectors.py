"""Reads of the reports app."""

from __future__ import annotations

from django.db.models import Max

from duban.plans.models import Plan
from duban.reports.models import CircularIssue


def circular_issue_next(plan: Plan) -> int:
    """The number the plan's next circular will carry (第N期)."""
    last = CircularIssue.objects.filter(plan=plan).aggregate(last=Max("number"))["last"]
    return int(last or 0) + 1
