import datetime as dt

import pytest

from duban.tracking.models import Notification
from duban.tracking.services.notifications import decision_notify
from duban.tracking.services.reports import report_approve, report_return, report_save
from duban.tracking.services.requests import (
    completion_request,
    completion_return,
    extension_refuse,
    extension_request,
)
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def submitted(personas, plan):
    return report_save(
        task=task(plan, 1),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已完成调研。",
        progress=30,
        submit=True,
        today=TODAY,
    )


def notices(personas):
    return list(Notification.objects.filter(user=personas.liaison).values_list("title", "body"))


def test_the_unit_is_told_when_its_report_is_returned_or_approved(personas, plan):
    report_return(report=submitted(personas, plan), by=personas.supervisor, reason="请补充数据。")
    report_approve(report=submitted(personas, plan), by=personas.supervisor)

    assert notices(personas) == [
        ("【已通过】第 1 项任务 2025-06-25 期进展反馈", "进展反馈已通过。"),
        ("【已退回】第 1 项任务 2025-06-25 期进展反馈", "请补充数据。"),
    ]
    assert not Notification.objects.filter(user=personas.supervisor).exists()


def test_the_unit_is_told_when_its_requests_are_decided(personas, plan):
    one = task(plan, 1)
    application = completion_request(task=one, unit=personas.basic_ed, by=personas.liaison, reason="完成。")
    completion_return(request=application, by=personas.supervisor, reason="佐证不足。")
    extension = extension_request(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 3, 31),
        reason="经费。",
    )
    extension_refuse(request=extension, by=personas.supervisor, reason="不符合条件。")

    assert notices(personas) == [
        ("【延期申请未同意】第 1 项任务", "不符合条件。"),
        ("【办结申请未同意】第 1 项任务", "佐证不足。"),
    ]


def test_a_decision_is_told_in_two_queries_however_many_liaisons_the_unit_has(
    personas, plan, django_assert_num_queries
):
    one = task(plan, 1)
    with django_assert_num_queries(2):
        made = decision_notify(task=one, unit_id=personas.basic_ed.pk, title="t", body="b")
    assert [n.user_id for n in made] == [personas.liaison.pk]
