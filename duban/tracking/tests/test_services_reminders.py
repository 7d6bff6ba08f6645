import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import Role
from duban.plans.models import Task
from duban.test import make_user
from duban.tracking import errors
from duban.tracking.errors import NotAllowed, TrackingError
from duban.tracking.models import (
    AuditEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Reminder,
    ReminderKind,
    RobotKind,
    RobotWebhook,
)
from duban.tracking.services.reminders import reminder_send, reminders_run
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import published_plan, task

SECRET = "SEC-test-secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


class Robot:
    """A local HTTP server standing in for the DingTalk and WeCom robots."""

    def __init__(self):
        self.requests: list[tuple[str, dict[str, object]]] = []
        self.answer = {"errcode": 0, "errmsg": "ok"}
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.requests.append((self.path, json.loads(body)))
                payload = json.dumps(robot.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def robot():
    server = Robot()
    yield server
    server.server.shutdown()


@pytest.fixture
def plan(personas, robot):
    personas.liaison.email = "liaison@example.org"
    personas.liaison.save()
    RobotWebhook.objects.create(
        organization=personas.org,
        unit=personas.basic_ed,
        kind=RobotKind.DINGTALK,
        url=f"{robot.url}/ding?access_token=t",
        secret=SECRET,
    )
    RobotWebhook.objects.create(
        organization=personas.org, unit=personas.finance, kind=RobotKind.WECOM, url=f"{robot.url}/wecom?key=k"
    )
    # Starting in June, the first report is due on 25 June: no earlier cycle is overdue.
    return published_plan(personas, start_date=dt.date(2025, 6, 1))


DUE_SOON = dt.date(2025, 6, 23)


def test_due_soon_notices_go_to_every_unit_that_has_not_reported(personas, plan, smtp, robot):
    result = reminders_run(today=DUE_SOON)

    by_unit = {r.unit.name: r for r in result.reminders}
    # Units named in the plan are told; 各处室 (a collective) is not expanded into every department.
    assert set(by_unit) == {"办公室", "基础教育处", "计财处"}
    assert all(r.kind == ReminderKind.DUE_SOON and r.period == dt.date(2025, 6, 25) for r in result.reminders)
    assert "第 1、3、5 项" in by_unit["基础教育处"].body
    assert Notification.objects.get(user=personas.liaison).title.startswith("【督办提醒】")
    assert [m.rcpt_tos for m in smtp.messages] == [["liaison@example.org"]]
    assert result.failed == 0


def test_dingtalk_messages_are_signed_and_wecom_messages_are_plain(personas, plan, smtp, robot):
    reminders_run(today=DUE_SOON)

    paths = {urllib.parse.urlsplit(path).path: (path, body) for path, body in robot.requests}
    ding_path, ding_body = paths["/ding"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(ding_path).query)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    assert ding_body["msgtype"] == "text"
    assert "基础教育处" not in ding_body["text"]["content"]  # the unit reads its own tasks
    assert "第 1、3、5 项" in ding_body["text"]["content"]
    _, wecom_body = paths["/wecom"]
    assert wecom_body == {"msgtype": "text", "text": {"content": wecom_body["text"]["content"]}}


def test_a_second_run_in_the_same_cycle_sends_nothing_new(personas, plan, smtp, robot):
    first = reminders_run(today=DUE_SOON)
    second = reminders_run(today=DUE_SOON + dt.timedelta(days=1))

    assert first.sent > 0
    assert (second.reminders, second.sent, second.failed) == ([], 0, 0)
    assert len(smtp.messages) == 1
    assert len(robot.requests) == 2


def test_a_second_run_reads_the_plans_reminder_keys_in_one_query(personas, plan, smtp, robot):
    reminders_run(today=DUE_SOON)

    with CaptureQueriesContext(connection) as queries:
        reminders_run(today=DUE_SOON + dt.timedelta(days=1))

    keys = [q["sql"] for q in queries if 'FROM "tracking_reminder"' in q["sql"] and '"key"' in q["sql"]]
    assert len(keys) == 1  # per plan, whatever the number of units owing a report


def test_a_unit_that_reported_is_not_reminded(personas, plan, smtp, robot):
    for no in (1, 3, 5, 6):
        report_save(
            task=task(plan, no),
            unit=personas.basic_ed,
            by=personas.liaison,
            text="按计划推进。",
            progress=None if no == 6 else 40,
            submit=True,
            today=DUE_SOON,
        )

    result = reminders_run(today=DUE_SOON)

    assert {r.unit.name for r in result.reminders} == {"办公室", "计财处"}


def test_overdue_notices_follow_the_due_day(personas, plan, smtp, robot):
    result = reminders_run(today=dt.date(2025, 6, 26))

    assert {r.kind for r in result.reminders} == {ReminderKind.OVERDUE}
    assert all(r.period == dt.date(2025, 6, 25) for r in result.reminders)


def test_a_failed_delivery_is_recorded_and_retried(personas, plan, smtp, robot):
    robot.answer = {"errcode": 310000, "errmsg": "sign not match"}

    result = reminders_run(today=DUE_SOON)

    assert result.failed == 2
    failed = Delivery.objects.get(channel=Channel.DINGTALK)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert "310000" in failed.last_error
    assert reminders_run(today=DUE_SOON).failed == 0  # not due for a retry yet

    robot.answer = {"errcode": 0, "errmsg": "ok"}
    Delivery.objects.update(next_attempt_at=None)
    retry = reminders_run(today=DUE_SOON)

    assert (retry.sent, retry.failed) == (2, 0)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.SENT, 2, "")


def test_an_unreachable_mail_server_is_a_recorded_failure(personas, plan, settings, robot):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()

    reminders_run(today=DUE_SOON)

    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.FAILED
    assert email.last_error.startswith("邮件发送失败")


def test_a_supervisor_sends_a_manual_reminder_to_the_units_of_a_task(personas, plan, smtp, robot):
    result = reminder_send(
        task=Task.objects.get(plan=plan, no="1"), by=personas.supervisor, message="请本周内报送。"
    )

    assert {r.unit.name for r in result.reminders} == {"基础教育处", "计财处"}
    assert Notification.objects.get(user=personas.liaison).body == "请本周内报送。"
    assert AuditEntry.objects.filter(action="reminder_send").count() == 2
    assert Reminder.objects.filter(kind=ReminderKind.MANUAL, sent_by=personas.supervisor).count() == 2


def test_the_same_manual_reminder_sent_twice_at_once_is_sent_once(personas, plan, smtp, robot):
    one = Task.objects.get(plan=plan, no="1")
    first = reminder_send(task=one, by=personas.supervisor, message="请本周内报送。")
    again = reminder_send(task=one, by=personas.supervisor, message="请本周内报送。")

    assert [r.pk for r in again.reminders] == [r.pk for r in first.reminders]
    assert Reminder.objects.filter(kind=ReminderKind.MANUAL).count() == 2  # one per unit, not four
    assert Notification.objects.filter(user=personas.liaison).count() == 1
    assert AuditEntry.objects.filter(action="reminder_send").count() == 2
    reminder_send(task=one, by=personas.supervisor, message="另一条催办。")
    assert Reminder.objects.filter(kind=ReminderKind.MANUAL).count() == 4


def test_only_a_supervisor_sends_a_manual_reminder_and_it_needs_a_message(personas, plan):
    one = Task.objects.get(plan=plan, no="1")
    with pytest.raises(NotAllowed):
        reminder_send(task=one, by=personas.liaison, message="催一下")
    with pytest.raises(TrackingError, match=errors.MESSAGE_REQUIRED):
        reminder_send(task=one, by=personas.supervisor, message=" ")
    assert not Reminder.objects.exists()


def test_the_queries_of_a_run_do_not_grow_with_its_reminders_and_recipients(personas):
    published_plan(personas, start_date=dt.date(2025, 6, 1))

    def run_counting() -> tuple[int, int]:
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = reminders_run(today=DUE_SOON)
        return len(queries), Notification.objects.count() + len(result.reminders)

    few_queries, few_rows = run_counting()
    for _ in range(12):
        make_user(personas.org, Role.LIAISON, units=[personas.basic_ed, personas.finance])
    many_queries, many_rows = run_counting()
    assert many_rows >= few_rows + 24
    assert many_queries == few_queries


def test_a_run_reads_the_open_tasks_of_several_plans_in_as_many_queries_as_of_one(personas):
    published_plan(personas, start_date=dt.date(2025, 6, 1))

    def task_reads() -> int:
        Reminder.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            reminders_run(today=DUE_SOON)
        return sum(1 for q in queries if re.search(r'FROM "plans_task(unit)?"', q["sql"]))

    one_plan = task_reads()
    published_plan(personas, start_date=dt.date(2025, 6, 1))
    published_plan(personas, start_date=dt.date(2025, 6, 1))
    assert task_reads() == one_plan
    assert Reminder.objects.values("plan").distinct().count() == 3
