"""Approving several submitted reports at once (批量通过), each through `report_approve`, so each audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.accounts import permissions
from duban.accounts.models import User
from duban.lib.errors import DomainError, NotAllowed
from duban.tracking.models import ProgressReport
from duban.tracking.services.reports import report_approve

BULK_LIMIT = 50  # one page of the review queue
REPORT_GONE = "这条进展反馈已不存在。"


@dataclass
class BulkOutcome:
    """What a bulk approval did: the reports approved, and per refused item a label and the reason."""

    approved: list[ProgressReport] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def reports_approve(*, report_ids: Sequence[int], by: User) -> BulkOutcome:
    """Approve each report of the supervisor's organisation; one refused leaves the others approved.

    Deliberately not one transaction: each approval commits in its own (inside `report_approve`), so a
    report withdrawn or decided meanwhile is reported back without undoing the rest.
    """
    if by.organization_id is None or not permissions.can_supervise(by, by.organization_id):
        raise NotAllowed
    wanted = list(dict.fromkeys(report_ids))[:BULK_LIMIT]
    found = {
        report.pk: report
        for report in ProgressReport.objects.filter(
            organization_id=by.organization_id, pk__in=wanted
        ).select_related("task__plan", "unit")
    }
    outcome = BulkOutcome()
    for pk in wanted:
        report = found.get(pk)
        if report is None:
            outcome.refused.append((f"编号 {pk}", REPORT_GONE))
            continue
        try:
            outcome.approved.append(report_approve(report=report, by=by))
        except DomainError as exc:
            label = f"{report.task.plan.title} 第 {report.task.no} 项（{report.unit.name}）"
            outcome.refused.append((label, exc.message))
    return outcome
