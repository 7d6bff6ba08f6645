"""撤回下达: the parent takes back a task the county has neither signed for nor begun; otherwise a refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.lib.errors import DomainError, NotAllowed
from duban.plans.models import CascadeLink, Plan, Task
from duban.plans.services import plan_publish
from duban.test import Hierarchy, Personas
from duban.tracking import errors
from duban.tracking.audit_text import audit_sentence
from duban.tracking.models import AuditEntry, Notification
from duban.tracking.services.cascade import cascade_accept, cascade_units_assign, tasks_cascade
from duban.tracking.services.cascade_changes import cascade_withdraw
from duban.tracking.services.reports import report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def _send(personas: Personas, hierarchy: Hierarchy, *numbers: int) -> list[CascadeLink]:
    plan = published_plan(personas, tasks=4)
    return tasks_cascade(
        tasks=[task(plan, n) for n in numbers], organizations=[hierarchy.county], by=personas.supervisor
    )


def test_an_unsigned_task_is_taken_back_with_its_plan_the_county_told_and_both_trails_kept(
    personas, hierarchy
):
    (link,) = _send(personas, hierarchy, 1)
    parent, child, county_plan = link.parent_task, link.child_task, link.child_task.plan

    cascade_withdraw(link=link, by=personas.supervisor)

    assert not CascadeLink.objects.exists()
    assert not Task.objects.filter(pk=child.pk).exists()
    assert not Plan.objects.filter(pk=county_plan.pk).exists()  # a draft left empty goes too
    notice = Notification.objects.get(user=hierarchy.county_supervisor, title="上级撤回下达任务")
    assert notice.task is None and "任务 1" in notice.body
    city = AuditEntry.objects.get(action="cascade_withdraw", task=parent)
    county = AuditEntry.objects.get(action="cascade_withdrawn", organization=hierarchy.county)
    assert audit_sentence(actor="某人", action=city.action, before=city.before, after=city.after) == (
        f"某人 撤回下达给{hierarchy.county.name}的任务"
    )
    assert audit_sentence(actor="某人", action=county.action, before=county.before, after=county.after) == (
        "某人 撤回下达到本级的任务 1"
    )


def test_taking_back_one_of_two_tasks_keeps_the_countys_plan_and_the_other_task(personas, hierarchy):
    first, second = _send(personas, hierarchy, 1, 2)

    cascade_withdraw(link=first, by=personas.supervisor)

    assert list(CascadeLink.objects.values_list("pk", flat=True)) == [second.pk]
    assert Plan.objects.filter(pk=second.child_task.plan_id).exists()


def test_a_withdrawn_task_may_be_sent_again(personas, hierarchy):
    (link,) = _send(personas, hierarchy, 1)
    cascade_withdraw(link=link, by=personas.supervisor)

    again = tasks_cascade(tasks=[link.parent_task], organizations=[hierarchy.county], by=personas.supervisor)

    assert again[0].child_task.text == link.parent_task.text


def test_a_signed_task_is_not_taken_back_and_nothing_changes(personas, hierarchy):
    (link,) = _send(personas, hierarchy, 1)
    cascade_accept(link=link, by=hierarchy.county_supervisor)

    with pytest.raises(DomainError) as refused:
        cascade_withdraw(link=link, by=personas.supervisor)

    assert refused.value.message.startswith(f"“{hierarchy.county.name}”已于 ")
    assert "不能撤回" in refused.value.message
    assert CascadeLink.objects.filter(pk=link.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="cascade_withdraw").exists()
    assert not Notification.objects.filter(title="上级撤回下达任务").exists()


def test_a_task_the_county_has_reported_on_is_not_taken_back_even_unsigned(personas, hierarchy):
    (link,) = _send(personas, hierarchy, 1)
    child = Task.objects.select_related("plan").get(pk=link.child_task_id)
    plan_publish(plan=child.plan, by=hierarchy.county_supervisor, start_date=dt.date(2025, 1, 1))
    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])
    report_save(  # a draft is work too
        task=Task.objects.select_related("plan").get(pk=child.pk),
        unit=hierarchy.county_unit,
        by=hierarchy.county_liaison,
        text="已开工。",
        progress=10,
        today=TODAY,
    )

    with pytest.raises(DomainError) as refused:
        cascade_withdraw(link=link, by=personas.supervisor)

    assert refused.value.message == errors.CASCADE_WITHDRAW_STARTED.format(name=hierarchy.county.name)
    assert Task.objects.filter(pk=child.pk).exists()


def test_only_a_supervisor_of_the_parent_takes_a_task_back(personas, hierarchy):
    (link,) = _send(personas, hierarchy, 1)

    for user in (
        personas.leader,
        personas.liaison,
        hierarchy.county_supervisor,
        hierarchy.sibling_supervisor,
    ):
        with pytest.raises(NotAllowed):
            cascade_withdraw(link=link, by=user)

    assert CascadeLink.objects.filter(pk=link.pk).exists()
