"""The review queue: submitted reports (paged by keyset, oldest first) and pending applications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from duban.accounts import permissions
from duban.accounts.models import User
from duban.tracking.models import (
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
    TargetValue,
)
from duban.tracking.selectors.keyset import cursor_decode, cursor_encode, moment_key, moment_of

REVIEW_PAGE_SIZE = 50
# What an item of the queue shows of its task, plan and unit: a task row's JSON figures, the plan's rules and
# who submitted are not read (nor decoded) for each of the page's items.
_ITEM_RELATED = ("task__no", "task__text", "task__plan__title", "unit__name")
_REPORT_SHOWN = ("task", "unit", "period", "text", "progress", "revises", "submitted_at", *_ITEM_RELATED)
_REQUEST_SHOWN = ("task", "unit", "reason", "requested_at", *_ITEM_RELATED)
# Prefetched into lists (`to_attr`): a related manager per item would build a queryset for each of them.
_FILES = Prefetch("attachments", to_attr="shown_files")
_REPORT_EXTRAS = (
    Prefetch("target_values", queryset=TargetValue.objects.select_related("target"), to_attr="shown_values"),
    _FILES,
)


@dataclass
class ReviewQueue:
    """What waits for a supervisor: submitted reports (a page of them) and pending applications."""

    reports: list[ProgressReport]
    completions: list[CompletionRequest]
    extensions: list[ExtensionRequest]
    reports_total: int = 0
    next_cursor: str | None = None  # the next page of reports, after the last one shown


def review_queue(*, user: User, after: str = "", size: int | None = None) -> ReviewQueue:
    """Submitted reports after cursor `after` and pending 办结 / 延期 applications, oldest first.

    Each item comes with its task and plan; reports with their target values and evidence, applications
    for 办结 with theirs, prefetched: the queue costs the same queries for 5 items as for 50.

    Reports come a page at a time by (submitted_at, id) — a backlog grows with the organisation; a bad
    cursor raises InvalidCursor. Applications are few (one pending per task at most) and all shown.
    """
    size = size or REVIEW_PAGE_SIZE
    org = user.organization_id if permissions.can_supervise(user, user.organization_id) else None
    org = org or -1
    waiting = ProgressReport.objects.filter(organization_id=org, status=ReportStatus.SUBMITTED)
    reports = (
        waiting.select_related("task__plan", "unit")
        .only(*_REPORT_SHOWN)
        .prefetch_related(*_REPORT_EXTRAS)
        .order_by("submitted_at", "pk")
    )
    if after:
        at_text, pk = cursor_decode(after, shape=(str, int))
        at = moment_of(str(at_text))
        reports = reports.filter(Q(submitted_at__gt=at) | Q(submitted_at=at, pk__gt=pk))
    page: list[ProgressReport] = list(reports[: size + 1])
    last = page[size - 1] if len(page) > size else None
    completions = (
        CompletionRequest.objects.filter(organization_id=org, status=RequestStatus.PENDING)
        .select_related("task__plan", "unit")
        .only(*_REQUEST_SHOWN)
        .prefetch_related(_FILES)
        .order_by("requested_at", "pk")
    )
    extensions = (
        ExtensionRequest.objects.filter(organization_id=org, status=RequestStatus.PENDING)
        .select_related("task__plan", "unit")
        .only(*_REQUEST_SHOWN, "old_deadline", "new_deadline")
        .order_by("requested_at", "pk")
    )
    return ReviewQueue(
        reports=page[:size],
        completions=list(completions),
        extensions=list(extensions),
        reports_total=waiting.count(),
        next_cursor=cursor_encode((moment_key(last.submitted_at), last.pk)) if last else None,
    )


def review_extras_load(item: ProgressReport | CompletionRequest | ExtensionRequest) -> None:
    """Load what an item's line shows beyond its row, as the queue does: a report's target values
    (`shown_values`), a report's or 办结 application's evidence (`shown_files`)."""
    if isinstance(item, ProgressReport):
        prefetch_related_objects([item], *_REPORT_EXTRAS)
    elif isinstance(item, CompletionRequest):
        prefetch_related_objects([item], _FILES)
