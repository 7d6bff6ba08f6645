"""The task page: the task, its timeline (the audit trail paged by keyset), target history and reminders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from duban.accounts.models import User
from duban.plans import permissions as plan_permissions
from duban.plans.models import DocumentRef, Milestone, MilestoneState, Target, Task, TaskUnit
from duban.tracking.audit_text import audit_sentence
from duban.tracking.models import (
    AuditEntry,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    Reminder,
    TargetValue,
)
from duban.tracking.models.reports import SUBMITTED_REPORT_STATUSES
from duban.tracking.selectors.keyset import (
    InvalidCursor,
    Page,
    cursor_decode,
    cursor_encode,
    moment_key,
    moment_of,
)

AUDIT_PAGE_SIZE = 50


def task_get_for_user(*, user: User, task_id: int) -> Task | None:
    """One task of the user's organisation with what its page shows, or None."""
    task = (
        Task.objects.filter(pk=task_id)
        .select_related("plan", "section")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")), "targets")
        .first()
    )
    if task is None or not plan_permissions.can_view_task(user, task):
        return None
    return task


def audit_page(*, task: Task, before: str = "", size: int | None = None) -> Page[AuditEntry]:
    """The task's audit trail, newest first, from the entry after cursor `before` (InvalidCursor if bad)."""
    size = size or AUDIT_PAGE_SIZE
    entries = AuditEntry.objects.filter(task=task).select_related("actor").order_by("-at", "-pk")
    if before:
        at_text, pk = cursor_decode(before, shape=(str, int))
        at = moment_of(str(at_text))
        entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(entries[: size + 1])
    last = rows[size - 1] if len(rows) > size else None
    return Page(
        items=rows[:size], next_cursor=cursor_encode((moment_key(last.at), last.pk)) if last else None
    )


@dataclass
class Timeline:
    """A task's history: reports with values and evidence, requests, and a page of the audit trail."""

    reports: list[ProgressReport]
    completions: list[CompletionRequest]
    extensions: list[ExtensionRequest]
    audit: list[AuditEntry]
    audit_next: str | None = None  # cursor of the next (older) page of the audit trail
    audit_lines: list[AuditLine] = field(default_factory=list)  # the page of the trail, in words


@dataclass
class AuditLine:
    """One audit entry as shown: when, and what happened as a sentence."""

    at: dt.datetime
    text: str


# A report's values and evidence, prefetched into lists (`to_attr`): a related manager for each of a task's
# reports would build (and the page clone) a queryset apiece.
_FILES = Prefetch("attachments", to_attr="shown_files")
_VALUES = Prefetch(
    "target_values", queryset=TargetValue.objects.select_related("target"), to_attr="shown_values"
)


def task_timeline(*, task: Task, audit_before: str = "") -> Timeline:
    """Everything that happened on a task, newest first; the audit trail a page at a time.

    Reports carry their target values (`shown_values`) and evidence (`shown_files`), 办结 applications their
    evidence (`shown_files`).
    """
    reports = (
        ProgressReport.objects.filter(task=task)
        .select_related("unit", "created_by", "reviewed_by")
        .prefetch_related(_VALUES, _FILES)
        .order_by("-period", "-created_at", "-pk")
    )
    completions = (
        CompletionRequest.objects.filter(task=task)
        .select_related("unit", "requested_by", "decided_by")
        .prefetch_related(_FILES)
    )
    extensions = ExtensionRequest.objects.filter(task=task).select_related(
        "unit", "requested_by", "decided_by"
    )
    try:
        audit = audit_page(task=task, before=audit_before)
    except InvalidCursor:  # a mangled link shows the newest entries rather than an error page
        audit = audit_page(task=task)
    report_list: list[ProgressReport] = list(reports)
    return Timeline(
        reports=report_list,
        completions=list(completions),
        extensions=list(extensions),
        audit=audit.items,
        audit_next=audit.next_cursor,
        audit_lines=audit_lines(
            audit.items,
            reports=report_list,
            documents=dict(DocumentRef.objects.filter(task=task).values_list("pk", "title")),
        ),
    )


def audit_lines(
    entries: list[AuditEntry], *, reports: list[ProgressReport], documents: Mapping[int, str] | None = None
) -> list[AuditLine]:
    """Entries in words; a report's entries name its period and progress, a document's its title.

    The trail keeps only changed values, so what names the object comes from the object itself.
    """
    subjects: dict[tuple[str, str], dict[str, Any]] = {
        ("progressreport", str(report.pk)): {"period": report.period.isoformat(), "progress": report.progress}
        for report in reports
    }
    for pk, title in (documents or {}).items():
        subjects[("documentref", str(pk))] = {"title": title}
    return [
        AuditLine(
            at=entry.at,
            text=audit_sentence(
                actor=entry.actor.display_name if entry.actor is not None else "",
                action=entry.action,
                before=entry.before,
                after=entry.after,
                subject=subjects.get((entry.object_type, entry.object_id)),
            ),
        )
        for entry in entries
    ]


@dataclass
class TargetHistory:
    """A target's approved and pending values, oldest first."""

    target: Target
    values: list[TargetValue]


def target_history(*, timeline: Timeline) -> dict[int, list[TargetValue]]:
    """Every reported value of the task's targets (not drafts), by target pk, oldest first: from the reports
    the timeline holds with their values, without a query."""
    submitted = [report for report in timeline.reports if report.status in SUBMITTED_REPORT_STATUSES]
    values = [(report, value) for report in submitted for value in getattr(report, "shown_values", ())]
    values.sort(key=lambda pair: (pair[0].period, pair[0].submitted_at or pair[0].created_at, pair[1].pk))
    history: dict[int, list[TargetValue]] = defaultdict(list)
    for report, value in values:
        value.report = report  # the report with its unit, as shown beside each value
        history[value.target_id].append(value)
    return history


def task_reminders(*, task: Task) -> list[Reminder]:
    """催办 and reminders about the task, or about its plan's cycle sent to one of its units, newest first."""
    unit_ids = [link.unit_id for link in task.task_units.all()]
    return list(
        Reminder.objects.filter(
            Q(task=task) | Q(plan_id=task.plan_id, task__isnull=True, unit_id__in=unit_ids)
        )
        .select_related("unit", "sent_by")
        .order_by("-created_at", "-pk")[:50]
    )


@dataclass
class TaskMilestones:
    """A task's 推进计划: the approved nodes in force, and a proposal waiting or returned."""

    approved: list[Milestone]
    proposed: list[Milestone]
    returned: list[Milestone]

    @property
    def return_comment(self) -> str:
        """The supervisor's comment on the returned proposal."""
        return self.returned[0].comment if self.returned else ""


def task_milestones(*, task: Task) -> TaskMilestones:
    """The task's nodes by state, each by position (one query)."""
    rows = list(Milestone.objects.filter(task=task).order_by("position", "pk"))
    return TaskMilestones(
        approved=[m for m in rows if m.state == MilestoneState.APPROVED],
        proposed=[m for m in rows if m.state == MilestoneState.PROPOSED],
        returned=[m for m in rows if m.state == MilestoneState.RETURNED],
    )
