"""Cycles of reports, reviews, completions, extensions and audit, as the services would leave them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from duban.accounts.models import UnitKind
from duban.ops.synth.config import due_date
from duban.ops.synth.writer import _moment

if TYPE_CHECKING:
    # Only for annotations: the maker creates histories, so importing it here would be circular.
    from duban.ops.synth.maker import _Maker, _Org
from duban.plans.models import (
    TaskState,
    TaskUnitRole,
)
from duban.tracking.models import (
    AuditEntry,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportStatus,
    RequestStatus,
    TargetValue,
)


@dataclass
class _Outcome:
    state: str
    progress: int | None
    completed_on: dt.date | None
    extended_deadline: dt.date | None


PROFILES = [
    ("on", 0.50),
    ("ahead", 0.10),
    ("lagging", 0.12),
    ("far", 0.04),
    ("stalled", 0.06),
    ("late", 0.06),
    ("done", 0.12),
]


class _History:
    """One task's year: its lead unit's monthly reports, support reports, reviews and requests."""

    def __init__(
        self,
        maker: _Maker,
        rng: random.Random,
        org: _Org,
        task_id: int,
        lead: int,
        supports: list[int],
        target_id: int | None,
        target_value: Decimal,
    ) -> None:
        self.m, self.rng, self.org, self.task_id = maker, rng, org, task_id
        self.lead, self.supports = lead, [u for u in supports if org.kinds[u] != UnitKind.COLLECTIVE]
        self.target_id, self.target_value = target_id, target_value
        self.year = maker.c.year
        self.reported: set[dt.date] = set()  # cycles with a submitted lead report
        self.latest_value: Decimal | None = None  # the target's latest approved value
        self.completion_requested_on: dt.date | None = None  # while 办结 is pending

    def _audit(
        self,
        action: str,
        object_type: str,
        object_id: int,
        at: dt.datetime,
        actor: int,
        after: dict[str, Any],
    ) -> None:
        self.m.w.add(
            AuditEntry,
            organization_id=self.org.id,
            task_id=self.task_id,
            actor_id=actor,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=None,
            after=after,
            at=at,
        )

    def _report(
        self,
        unit: int,
        role: str,
        month: int,
        progress: int | None,
        status: str,
        *,
        revises: int | None = None,
        last: bool = False,
    ) -> int:
        rng, w = self.rng, self.m.w
        author = self.org.liaison_of[unit]
        period = due_date(self.year, month)
        day = period - dt.timedelta(days=rng.randint(0, 8))
        created = _moment(day, rng.randint(8, 17), rng.randint(0, 59))
        submitted = status != ReportStatus.DRAFT
        reviewed = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
        reviewed_at = _moment(period + dt.timedelta(days=rng.randint(1, 3)), 15) if reviewed else None
        text = (
            f"{month}月：按计划推进，已完成阶段性工作，进度 {progress}%。"
            if role == TaskUnitRole.LEAD
            else f"{month}月：配合牵头单位完成相关工作。"
        )
        report_id = w.add(
            ProgressReport,
            organization_id=self.org.id,
            task_id=self.task_id,
            unit_id=unit,
            role=role,
            period=period,
            text=text,
            progress=progress,
            status=status,
            revises_id=revises,
            created_by_id=author,
            created_at=created,
            submitted_by_id=author if submitted else None,
            submitted_at=created if submitted else None,
            reviewed_by_id=self.org.supervisor if reviewed else None,
            reviewed_at=reviewed_at,
            review_comment="请补充佐证材料后重新报送。" if status == ReportStatus.RETURNED else "",
        )
        if role == TaskUnitRole.LEAD and submitted:
            self.reported.add(period)
        if self.target_id is not None and role == TaskUnitRole.LEAD and progress is not None:
            value = (self.target_value * progress / 100).quantize(Decimal(1))
            if status == ReportStatus.APPROVED:
                self.latest_value = value  # reports come cycle by cycle: the last approved is the latest
            w.add(
                TargetValue,
                organization_id=self.org.id,
                report_id=report_id,
                target_id=self.target_id,
                value=value,
            )
        if last or status == ReportStatus.RETURNED:
            self._audit(
                "report_submit", "progressreport", report_id, created, author, {"status": "submitted"}
            )
        if status == ReportStatus.RETURNED and reviewed_at is not None:
            self._audit(
                "report_return",
                "progressreport",
                report_id,
                reviewed_at,
                self.org.supervisor,
                {"status": "returned"},
            )
        return report_id

    def play(self, deadline: dt.date | None) -> _Outcome:
        rng, c = self.rng, self.m.c
        year, cycles = self.year, c.cycles
        roll, acc, profile = rng.random(), 0.0, "on"
        for name, share in PROFILES:
            acc += share
            if roll < acc:
                profile = name
                break
        end = deadline or dt.date(year, 12, 31)
        if (
            deadline is not None
            and profile in ("on", "ahead")
            and deadline.month <= cycles
            and rng.random() < 0.7
        ):
            profile = "done"  # most tasks with an early deadline are finished by it
        done_month = None
        if profile == "done":
            # Mostly by the deadline; some late (逾期办结).
            latest = min(cycles, end.month) if rng.random() < 0.85 else cycles
            done_month = rng.randint(min(3, latest), latest)
        first = rng.randint(3, 5) if profile == "late" else 1
        last = cycles
        if profile == "stalled":
            last = rng.randint(1, max(1, cycles - 2))
        if done_month is not None:
            last = done_month
        state, progress, approved_progress = TaskState.NOT_STARTED, 0, None
        offset = {"ahead": 15, "lagging": -16, "far": -32, "stalled": -5}.get(profile, rng.randint(-4, 6))
        for month in range(first, last + 1):
            period = due_date(year, month)
            expected = round(
                100 * (period - dt.date(year, 1, 1)).days / max(1, (end - dt.date(year, 1, 1)).days)
            )
            progress = 100 if month == done_month else max(progress, min(95, max(2, expected + offset)))
            is_last = month == cycles
            if is_last and month != done_month and rng.random() < 0.07:
                break  # the latest cycle not reported yet
            if is_last:
                status = rng.choices(
                    [
                        ReportStatus.APPROVED,
                        ReportStatus.SUBMITTED,
                        ReportStatus.DRAFT,
                        ReportStatus.RETURNED,
                    ],
                    [0.70, 0.22, 0.04, 0.04],
                )[0]
            else:
                status = ReportStatus.RETURNED if rng.random() < 0.04 else ReportStatus.APPROVED
            report = self._report(self.lead, TaskUnitRole.LEAD, month, progress, status, last=is_last)
            if status == ReportStatus.RETURNED and not is_last:
                status = ReportStatus.APPROVED
                self._report(self.lead, TaskUnitRole.LEAD, month, progress, status, revises=report)
            if status != ReportStatus.DRAFT:
                state = TaskState.IN_PROGRESS
            if status == ReportStatus.APPROVED:
                approved_progress = progress
            if month % 3 == 0:
                for unit in self.supports:
                    self._report(unit, TaskUnitRole.SUPPORT, month, None, ReportStatus.APPROVED)
        outcome = _Outcome(state=state, progress=approved_progress, completed_on=None, extended_deadline=None)
        if done_month is not None and approved_progress == 100:
            self._completion(outcome, done_month, decided=True)
        elif state == TaskState.IN_PROGRESS and rng.random() < 0.02:
            self._completion(outcome, cycles, decided=False)
        if state != TaskState.NOT_STARTED and outcome.state != TaskState.COMPLETED:
            self._extension(outcome, end)
        return outcome

    def _completion(self, outcome: _Outcome, month: int, *, decided: bool) -> None:
        w, org = self.m.w, self.org
        day = due_date(self.year, month) + dt.timedelta(days=1)
        decided_on = day + dt.timedelta(days=2)
        author = org.liaison_of[self.lead]
        pk = w.add(
            CompletionRequest,
            organization_id=org.id,
            task_id=self.task_id,
            unit_id=self.lead,
            reason="任务已全部完成，相关文件已印发。",
            status=RequestStatus.APPROVED if decided else RequestStatus.PENDING,
            requested_by_id=author,
            requested_at=_moment(day),
            decided_by_id=org.supervisor if decided else None,
            decided_at=_moment(decided_on) if decided else None,
        )
        self._audit(
            "completion_request", "completionrequest", pk, _moment(day), author, {"status": "pending"}
        )
        if decided:
            self._audit(
                "completion_approve",
                "completionrequest",
                pk,
                _moment(decided_on),
                org.supervisor,
                {"status": "approved"},
            )
            outcome.state, outcome.progress, outcome.completed_on = TaskState.COMPLETED, 100, decided_on
        else:
            outcome.state = TaskState.COMPLETION_REQUESTED
            self.completion_requested_on = day

    def _extension(self, outcome: _Outcome, deadline: dt.date) -> None:
        roll = self.rng.random()
        if roll >= 0.05:
            return
        status = (
            RequestStatus.APPROVED
            if roll < 0.03
            else RequestStatus.PENDING
            if roll < 0.04
            else RequestStatus.REFUSED
        )
        w, org = self.m.w, self.org
        day = min(deadline, self.m.c.as_of) - dt.timedelta(days=10)
        new = deadline + dt.timedelta(days=92)
        author = org.liaison_of[self.lead]
        decided = status != RequestStatus.PENDING
        pk = w.add(
            ExtensionRequest,
            organization_id=org.id,
            task_id=self.task_id,
            unit_id=self.lead,
            reason="需等待上级配套政策出台后实施。",
            status=status,
            requested_by_id=author,
            requested_at=_moment(day),
            decided_by_id=org.supervisor if decided else None,
            decided_at=_moment(day + dt.timedelta(days=2)) if decided else None,
            decision_comment="" if status != RequestStatus.REFUSED else "请按原时限完成。",
            new_deadline=new,
            old_deadline=deadline,
        )
        self._audit(
            "extension_request",
            "extensionrequest",
            pk,
            _moment(day),
            author,
            {"new_deadline": new.isoformat()},
        )
        if status == RequestStatus.APPROVED:
            outcome.extended_deadline = new
