import datetime as dt

import pytest

from duban.plans.models import TaskState
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import AuditEntry, CompletionRequest, ExtensionRequest, RequestStatus
from duban.tracking.services.attachments import Upload
from duban.tracking.services.requests import (
    completion_approve,
    completion_request,
    completion_return,
    extension_approve,
    extension_refuse,
    extension_request,
)
from duban.tracking.tests.helpers import TODAY, published_plan, task

EVIDENCE = Upload(name="文件.pdf", content=b"%PDF-1.4 evidence")


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def apply_completion(personas, plan, no=1):
    return completion_request(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        reason="文件已印发。",
        files=[EVIDENCE],
    )


def test_the_lead_unit_applies_for_completion_with_evidence_and_the_supervisor_approves(personas, plan):
    request = apply_completion(personas, plan)

    assert task(plan, 1).state == TaskState.COMPLETION_REQUESTED
    assert request.attachments.get().name == "文件.pdf"

    completion_approve(request=request, by=personas.supervisor, today=TODAY)

    done = task(plan, 1)
    assert (done.state, done.progress, done.completed_on) == (TaskState.COMPLETED, 100, TODAY)


def test_a_returned_completion_sends_the_task_back_in_progress(personas, plan):
    request = completion_return(
        request=apply_completion(personas, plan), by=personas.supervisor, reason="佐证不足"
    )

    assert request.status == RequestStatus.REFUSED
    assert task(plan, 1).state == TaskState.IN_PROGRESS


def test_approving_a_completion_twice_is_refused(personas, plan):
    request = apply_completion(personas, plan)
    completion_approve(request=request, by=personas.supervisor)

    with pytest.raises(TrackingError, match=errors.REQUEST_NOT_PENDING):
        completion_approve(request=request, by=personas.supervisor)


def test_a_support_unit_may_not_apply(personas, plan):
    with pytest.raises(NotAllowed, match=errors.LEAD_ONLY):
        completion_request(task=task(plan, 6), unit=personas.basic_ed, by=personas.liaison, reason="x")
    assert not CompletionRequest.objects.exists()


def test_applying_again_while_a_completion_is_pending_is_refused(personas, plan):
    apply_completion(personas, plan)

    with pytest.raises(TrackingError, match="申请办结"):
        apply_completion(personas, plan)


def test_an_approved_extension_keeps_the_original_deadline(personas, plan):
    request = extension_request(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 3, 31),
        reason="需省厅批复",
    )
    assert request.old_deadline == dt.date(2025, 12, 31)

    extension_approve(request=request, by=personas.supervisor)

    extended = task(plan, 1)
    assert (extended.deadline, extended.extended_deadline) == (None, dt.date(2026, 3, 31))
    entry = AuditEntry.objects.get(action="task_update", task=extended)
    assert entry.after == {"extended_deadline": "2026-03-31"}
    decision = AuditEntry.objects.get(action="extensionrequest_approve", task=extended)
    # The decision carries its date, so the trail reads “同意延期至 2026-03-31”.
    assert decision.after == {
        "status": "approved",
        "decided_by": personas.supervisor.pk,
        "new_deadline": "2026-03-31",
    }


def test_a_refused_extension_changes_no_deadline(personas, plan):
    request = extension_request(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 3, 31),
        reason="x",
    )

    extension_refuse(request=request, by=personas.supervisor, reason="不符合延期条件")

    assert task(plan, 1).extended_deadline is None
    with pytest.raises(TrackingError, match=errors.REQUEST_NOT_PENDING):
        extension_approve(request=request, by=personas.supervisor)


def test_an_extension_must_be_later_than_the_deadline_and_one_at_a_time(personas, plan):
    with pytest.raises(TrackingError, match="延期后的日期应晚于"):
        extension_request(
            task=task(plan, 1),
            unit=personas.basic_ed,
            by=personas.liaison,
            new_deadline=dt.date(2025, 12, 1),
            reason="x",
        )
    extension_request(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 1, 31),
        reason="x",
    )
    with pytest.raises(TrackingError, match=errors.REQUEST_PENDING.format(kind="延期")):
        extension_request(
            task=task(plan, 1),
            unit=personas.basic_ed,
            by=personas.liaison,
            new_deadline=dt.date(2026, 2, 1),
            reason="x",
        )
    assert ExtensionRequest.objects.count() == 1


def test_a_leader_decides_nothing(personas, plan):
    request = apply_completion(personas, plan)

    with pytest.raises(NotAllowed):
        completion_approve(request=request, by=personas.leader)
    assert task(plan, 1).state == TaskState.COMPLETION_REQUESTED
