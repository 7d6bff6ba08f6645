"""The ratings (优/良/中/差) supervisors gave approved lead reports, by period: 报送质量's source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from duban.assessment.rules import PeriodSpec
from duban.plans.models import TaskUnitRole
from duban.tracking.models import ProgressReport, ReportStatus


def period_ratings(
    reports: QuerySet[ProgressReport], by: str, periods: Sequence[PeriodSpec]
) -> dict[str, dict[Any, list[str]]]:
    """Ratings of the approved lead reports among `reports`, by period label and subject (`by`, a field path).

    A report counts in the period its cycle falls in. One query, none without periods.
    """
    found: dict[str, dict[Any, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not periods:
        return found
    rows = (
        reports.filter(
            role=TaskUnitRole.LEAD,
            status=ReportStatus.APPROVED,
            period__gte=min(p.start for p in periods),
            period__lte=max(p.end for p in periods),
        )
        .exclude(quality="")
        .order_by()
        .values_list(by, "period", "quality")
    )
    for subject, day, quality in rows:
        for period in periods:
            if period.start <= day <= period.end:
                found[period.label][subject].append(quality)
    return found
