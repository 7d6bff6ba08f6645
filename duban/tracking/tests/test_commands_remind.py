"""`duban remind`: the command over reminders_run, with its summary, its date and its failures."""

import datetime as dt
import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from duban.tracking.models import Delivery, DeliveryStatus, Reminder, ReminderKind
from duban.tracking.tests.helpers import published_plan

DUE_SOON = "2025-06-23"


@pytest.fixture
def plan(personas):
    personas.liaison.email = "liaison@example.org"
    personas.liaison.save()
    # Starting in June, the first report is due on 25 June: no earlier cycle is overdue.
    return published_plan(personas, start_date=dt.date(2025, 6, 1))


def remind(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("remind", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_sends_the_due_reminders_and_sums_them_up_per_unit(plan):
    out, err = remind("--date", DUE_SOON)

    sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    assert out.splitlines()[0] == "2025-06-23：新提醒 3 条"
    assert "  基础教育处：1 条" in out.splitlines()
    assert f"发送成功 {sent} 条，失败 0 条" in out
    assert sent > 0
    assert err == ""
    assert {r.kind for r in Reminder.objects.all()} == {ReminderKind.DUE_SOON}
    assert [m.to for m in mail.outbox] == [["liaison@example.org"]]


def test_running_it_again_the_same_day_sends_nothing_new(plan):
    remind("--date", DUE_SOON)

    out, _ = remind("--date", DUE_SOON)

    assert out.splitlines()[0] == "2025-06-23：新提醒 0 条"
    assert Reminder.objects.count() == 3
    assert len(mail.outbox) == 1


def test_without_a_date_it_uses_todays_date_from_the_clock(plan, settings):
    settings.DUBAN_TODAY = "2025-06-26"

    out, _ = remind()

    assert out.startswith("2025-06-26：")
    assert {r.kind for r in Reminder.objects.all()} == {ReminderKind.OVERDUE}


def test_a_malformed_date_is_refused_and_nothing_is_sent(plan):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD：6月23日"):
        remind("--date", "6月23日")

    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_a_failed_delivery_is_counted_and_warned_about(plan, settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    out, err = remind("--date", DUE_SOON)

    assert "失败 1 条（失败的将在下次运行时重试）" in out
    assert "有 1 条消息发送失败" in err
    assert Delivery.objects.get(status=DeliveryStatus.FAILED).channel == "email"
