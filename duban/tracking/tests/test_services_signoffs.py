import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import Role
from duban.plans.models import TaskUnitRole
from duban.plans.services import plan_publish, task_unit_add
from duban.test import make_plan, make_user
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import AuditEntry, Notification, Reminder, ReminderKind, SignOff, SignOffReason
from duban.tracking.services.reminders import reminder_send, reminders_run
from duban.tracking.services.signoffs import signoff_sign, signoffs_sign
from duban.tracking.tests.helpers import published_plan, task

TODAY = dt.date(2025, 7, 10)


@pytest.fixture(autouse=True)
def _pinned_day(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def test_publishing_asks_every_unit_of_every_task_to_sign_collectives_excepted(personas):
    plan = published_plan(personas, tasks=6)

    asked = set(SignOff.objects.filter(plan=plan).values_list("task__no", "unit__name", "reason"))

    # Odd tasks: 基础教育处 and 计财处 lead; even: 办公室; every third adds 各处室, which has no liaison.
    expected = {(str(n), name, "published") for n in (1, 3, 5) for name in ("基础教育处", "计财处")}
    expected |= {(str(n), "办公室", "published") for n in (2, 4, 6)}
    assert asked == expected
    assert set(SignOff.objects.filter(plan=plan).values_list("due_on", flat=True)) == {
        TODAY + dt.timedelta(3)
    }


def test_the_plans_own_number_of_days_sets_the_last_day(personas):
    plan = published_plan(personas, tasks=2, rules={"signoff_days": 5})

    assert set(SignOff.objects.filter(plan=plan).values_list("due_on", flat=True)) == {
        TODAY + dt.timedelta(5)
    }


def test_a_draft_plan_asks_nobody(personas):
    make_plan(personas.org, tasks=3)

    assert not SignOff.objects.exists()


def test_a_liaison_signs_for_its_unit_and_the_time_user_and_audit_are_kept(personas):
    plan = published_plan(personas, tasks=1)
    signoff = SignOff.objects.get(plan=plan, unit=personas.basic_ed)

    signed = signoff_sign(signoff=signoff, by=personas.liaison, note=" 收到，即办 ")

    signed.refresh_from_db()
    assert (
        signed.signed_by == personas.liaison and signed.signed_at is not None and signed.note == "收到，即办"
    )
    entry = AuditEntry.objects.get(action="signoff_sign")
    assert entry.task_id == signoff.task_id and entry.actor == personas.liaison
    after = entry.after or {}
    assert after["reason"] == "published" and after["note"] == "收到，即办" and after["signed_at"]


@pytest.mark.parametrize("persona", ["other_liaison", "supervisor", "leader", "admin", "outsider"])
def test_nobody_but_the_units_liaison_signs_and_nothing_changes(personas, persona):
    plan = published_plan(personas, tasks=1)
    signoff = SignOff.objects.get(plan=plan, unit=personas.basic_ed)

    with pytest.raises(NotAllowed):
        signoff_sign(signoff=signoff, by=getattr(personas, persona))

    signoff.refresh_from_db()
    assert signoff.signed_at is None and not AuditEntry.objects.filter(action="signoff_sign").exists()


def test_signing_twice_is_refused_with_the_first_signature_kept(personas):
    plan = published_plan(personas, tasks=1)
    signoff = SignOff.objects.get(plan=plan, unit=personas.basic_ed)
    first = signoff_sign(signoff=signoff, by=personas.liaison)

    with pytest.raises(TrackingError) as refused:
        signoff_sign(signoff=signoff, by=personas.liaison, note="再签")

    assert refused.value.message == errors.SIGNOFF_ALREADY_SIGNED
    signoff.refresh_from_db()
    assert signoff.signed_at == first.signed_at and signoff.note == ""


def test_a_reply_over_the_limit_is_refused(personas):
    plan = published_plan(personas, tasks=1)
    signoff = SignOff.objects.get(plan=plan, unit=personas.basic_ed)

    with pytest.raises(TrackingError) as refused:
        signoff_sign(signoff=signoff, by=personas.liaison, note="很" * 2001)

    assert refused.value.message == errors.SIGNOFF_NOTE_TOO_LONG.format(limit=2000)
    signoff.refresh_from_db()
    assert signoff.signed_at is None


def test_signing_all_signs_every_pending_request_of_the_liaisons_units_only(personas):
    plan = published_plan(personas, tasks=6)

    signed = signoffs_sign(by=personas.liaison)

    assert sorted(s.task.no for s in signed) == ["1", "3", "5"]
    assert not SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True).exists()
    assert (
        SignOff.objects.filter(plan=plan, signed_at__isnull=True).count() == 6
    )  # 计财处 and 办公室 still to sign
    assert AuditEntry.objects.filter(action="signoff_sign").count() == 3


def test_signing_one_tasks_requests_leaves_the_others_pending(personas):
    plan = published_plan(personas, tasks=6)

    signed = signoffs_sign(by=personas.liaison, task=task(plan, 3))

    assert [s.task.no for s in signed] == ["3"]
    assert SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True).count() == 2


def test_signing_all_with_nothing_pending_is_refused(personas):
    published_plan(personas, tasks=1)
    signoffs_sign(by=personas.liaison)

    with pytest.raises(TrackingError) as refused:
        signoffs_sign(by=personas.liaison)

    assert refused.value.message == errors.SIGNOFF_NONE_PENDING


def test_signing_all_is_for_liaisons_only(personas):
    published_plan(personas, tasks=1)

    with pytest.raises(NotAllowed):
        signoffs_sign(by=personas.supervisor)


def test_a_unit_added_to_a_published_task_is_asked_to_sign(personas):
    plan = published_plan(personas, tasks=2)

    link = task_unit_add(
        task=task(plan, 2), unit=personas.finance, role=TaskUnitRole.SUPPORT, by=personas.supervisor
    )

    added = SignOff.objects.get(task=link.task, unit=personas.finance)
    assert added.reason == SignOffReason.ASSIGNED and added.signed_at is None
    assert AuditEntry.objects.filter(action="task_unit_add", task=link.task).exists()


def test_a_unit_added_to_a_draft_task_is_not_asked_yet_but_is_on_publishing(personas):
    plan = make_plan(personas.org, tasks=2)
    task_unit_add(
        task=task(plan, 2), unit=personas.finance, role=TaskUnitRole.SUPPORT, by=personas.supervisor
    )
    assert not SignOff.objects.exists()

    plan_publish(plan=plan, by=personas.supervisor)

    assert SignOff.objects.get(task__no="2", unit=personas.finance).reason == SignOffReason.PUBLISHED


def test_adding_a_unit_the_task_has_is_refused(personas):
    plan = published_plan(personas, tasks=1)

    with pytest.raises(TrackingError) as refused:
        task_unit_add(
            task=task(plan, 1), unit=personas.finance, role=TaskUnitRole.LEAD, by=personas.supervisor
        )

    assert refused.value.message == "计财处已是该任务的承担单位。"


def test_a_liaison_may_not_add_units(personas):
    plan = published_plan(personas, tasks=1)

    with pytest.raises(NotAllowed):
        task_unit_add(
            task=task(plan, 1), unit=personas.office, role=TaskUnitRole.SUPPORT, by=personas.liaison
        )


def test_an_urge_to_lead_units_asks_each_to_sign_by_the_reply_date(personas):
    plan = published_plan(personas, tasks=3)
    urged_task = task(plan, 3)
    task_unit_add(task=urged_task, unit=personas.office, role=TaskUnitRole.SUPPORT, by=personas.supervisor)

    result = reminder_send(
        task=urged_task,
        by=personas.supervisor,
        message="请于本周内报送推进情况。",
        roles=[TaskUnitRole.LEAD],
        reply_by=dt.date(2025, 7, 15),
    )

    assert sorted(r.unit.name for r in result.reminders) == ["基础教育处", "计财处"]
    urged = SignOff.objects.filter(reason=SignOffReason.URGED)
    assert {(s.unit.name, s.due_on, s.reminder and s.reminder.body) for s in urged} == {
        ("基础教育处", dt.date(2025, 7, 15), "请于本周内报送推进情况。"),
        ("计财处", dt.date(2025, 7, 15), "请于本周内报送推进情况。"),
    }
    notice = Notification.objects.get(user=personas.liaison, task=urged_task)
    assert notice.body == "请于本周内报送推进情况。" and "07月15日前签收回复" in notice.title


def test_an_urge_to_named_units_goes_to_them_alone(personas):
    plan = published_plan(personas, tasks=1)

    result = reminder_send(
        task=task(plan, 1), by=personas.supervisor, message="请补报。", roles=[], units=[personas.finance]
    )

    assert [r.unit for r in result.reminders] == [personas.finance]
    assert list(SignOff.objects.filter(reason="urged").values_list("unit__name", flat=True)) == ["计财处"]


def test_an_urge_to_nobody_is_refused_and_nothing_is_sent(personas):
    plan = published_plan(personas, tasks=2)

    with pytest.raises(TrackingError) as refused:
        reminder_send(
            task=task(plan, 2), by=personas.supervisor, message="请补报。", roles=[TaskUnitRole.SUPPORT]
        )

    assert refused.value.message == errors.RECIPIENTS_REQUIRED
    assert not Reminder.objects.exists()


def test_an_urge_with_a_reply_date_already_past_is_refused(personas):
    plan = published_plan(personas, tasks=1)

    with pytest.raises(TrackingError) as refused:
        reminder_send(
            task=task(plan, 1), by=personas.supervisor, message="请补报。", reply_by=dt.date(2025, 7, 9)
        )

    assert refused.value.message == errors.REPLY_BY_PAST.format(today="2025-07-10")
    assert not Reminder.objects.exists() and not SignOff.objects.filter(reason="urged").exists()


def test_the_same_urge_repeated_asks_for_one_sign_off(personas):
    plan = published_plan(personas, tasks=1)
    for _ in range(2):
        reminder_send(task=task(plan, 1), by=personas.supervisor, message="请补报。")

    assert SignOff.objects.filter(reason="urged").count() == 2  # 基础教育处 and 计财处, once each


def test_an_unsigned_unit_is_reminded_once_after_its_last_day(personas):
    plan = published_plan(personas, tasks=3)
    signoffs_sign(by=personas.liaison)  # 基础教育处 signs; 计财处 and 办公室 do not

    reminders_run(today=TODAY + dt.timedelta(days=3), plans=[plan])
    assert not Reminder.objects.filter(kind=ReminderKind.SIGNOFF).exists()  # the last day itself

    reminders_run(today=TODAY + dt.timedelta(days=4), plans=[plan])
    reminders_run(today=TODAY + dt.timedelta(days=5), plans=[plan])

    sent = Reminder.objects.filter(kind=ReminderKind.SIGNOFF)
    assert sorted(sent.values_list("unit__name", flat=True)) == ["办公室", "计财处"]
    assert "第 1、3 项" in sent.get(unit=personas.finance).body
    assert Notification.objects.filter(user=personas.other_liaison, title__contains="签收提醒").count() == 1


def test_a_later_overdue_request_brings_a_new_reminder(personas):
    plan = published_plan(personas, tasks=1)
    reminders_run(today=TODAY + dt.timedelta(days=4), plans=[plan])
    reminder_send(
        task=task(plan, 1), by=personas.supervisor, message="请回复。", reply_by=dt.date(2025, 7, 20)
    )

    reminders_run(today=dt.date(2025, 7, 21), plans=[plan])

    assert Reminder.objects.filter(kind=ReminderKind.SIGNOFF, unit=personas.finance).count() == 2


def test_signoff_reminders_cost_the_same_queries_for_3_and_30_unsigned_tasks(personas):
    def run(tasks):
        plan = published_plan(personas, tasks=tasks)
        with CaptureQueriesContext(connection) as queries:
            reminders_run(today=TODAY + dt.timedelta(days=4), plans=[plan])
        return len(queries)

    assert run(3) == run(30)


def test_a_second_liaison_of_the_unit_may_sign_too(personas):
    plan = published_plan(personas, tasks=1)
    deputy = make_user(personas.org, Role.LIAISON, units=[personas.basic_ed])

    signoff_sign(signoff=SignOff.objects.get(plan=plan, unit=personas.basic_ed), by=deputy)

    assert SignOff.objects.get(plan=plan, unit=personas.basic_ed).signed_by == deputy
