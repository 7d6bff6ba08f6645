"""分解下达: sending, shares that must add up, 签收, the subordinate's units, and changes passed down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import Organization, Role
from duban.lib.errors import DomainError, NotAllowed
from duban.plans.models import CascadeLink, Milestone, Plan, Section, Target, Task, TaskUnit, TaskUnitRole
from duban.plans.services import plan_publish, task_schedule_set
from duban.test import Hierarchy, Personas, make_plan, make_user
from duban.tracking import errors
from duban.tracking.models import AuditEntry, Notification
from duban.tracking.services import requests
from duban.tracking.services.cascade import (
    cascade_accept,
    cascade_units_assign,
    tasks_cascade,
)
from duban.tracking.services.cascade_changes import cascade_task_update
from duban.tracking.services.milestones import NodeInput, milestones_set


def _published(personas: Personas) -> Plan:
    plan = make_plan(personas.org, tasks=4)
    plan_publish(plan=plan, by=personas.supervisor, default_deadline=dt.date(2025, 12, 31))
    return plan


def _task(plan: Plan, no: str) -> Task:
    return Task.objects.get(plan=plan, no=no)


def _places(task: Task) -> Target:
    return task.targets.get(metric="新增学位")


def _send(
    personas: Personas, hierarchy: Hierarchy, task: Task, county: int, sibling: int
) -> list[CascadeLink]:
    places = _places(task)
    return tasks_cascade(
        tasks=[task],
        organizations=[hierarchy.county, hierarchy.sibling],
        by=personas.supervisor,
        shares={(places.pk, hierarchy.county.pk): county, (places.pk, hierarchy.sibling.pk): sibling},
        split=[places.pk],
    )


def test_each_subordinate_gets_a_linked_task_with_its_share_in_a_plan_of_its_own(personas, hierarchy):
    plan = _published(personas)
    task = _task(plan, "2")  # 新增学位200个, 覆盖面达到90%

    links = _send(personas, hierarchy, task, 120, 80)

    child = Task.objects.get(pk=links[0].child_task_id)
    assert child.organization_id == hierarchy.county.pk
    assert child.plan.organization_id == hierarchy.county.pk and child.plan.status == "draft"
    assert (child.text, child.deadline) == (task.text, dt.date(2025, 12, 31))
    values = {t.metric: t.value for t in child.targets.all()}
    assert values == {"新增学位": Decimal(120), "覆盖面": Decimal(90)}  # unsplit: the parent's own value
    assert links[0].split_positions == [_places(task).position]
    assert not TaskUnit.objects.filter(task=child).exists()  # the county assigns its own units
    assert Notification.objects.filter(user=hierarchy.county_supervisor, task=child).exists()
    assert AuditEntry.objects.filter(action="task_cascade", task=task).count() == 2


def test_it_refuses_shares_that_do_not_add_up_and_changes_nothing(personas, hierarchy):
    task = _task(_published(personas), "2")

    with pytest.raises(DomainError) as refused:
        _send(personas, hierarchy, task, 120, 70)

    assert refused.value.message == errors.CASCADE_SHARES_MISMATCH.format(
        no="2", metric="新增学位", total="190", value="200"
    )
    assert not CascadeLink.objects.exists()
    assert not Task.objects.filter(organization=hierarchy.county).exists()


def test_it_refuses_an_organisation_that_is_not_a_subordinate(personas, hierarchy):
    task = _task(_published(personas), "1")

    with pytest.raises(DomainError) as refused:
        tasks_cascade(tasks=[task], organizations=[personas.other_org], by=personas.supervisor)

    assert refused.value.message == errors.CASCADE_NOT_SUBORDINATE.format(name=personas.other_org.name)


def test_only_a_supervisor_of_the_parent_may_send(personas, hierarchy):
    task = _task(_published(personas), "1")

    for user in (personas.leader, personas.liaison, hierarchy.county_supervisor):
        with pytest.raises(NotAllowed):
            tasks_cascade(tasks=[task], organizations=[hierarchy.county], by=user)


def test_a_task_is_sent_to_an_organisation_once_and_a_second_send_reuses_its_plan(personas, hierarchy):
    plan = _published(personas)
    first = tasks_cascade(tasks=[_task(plan, "1")], organizations=[hierarchy.county], by=personas.supervisor)

    with pytest.raises(DomainError) as refused:
        tasks_cascade(tasks=[_task(plan, "1")], organizations=[hierarchy.county], by=personas.supervisor)
    second = tasks_cascade(tasks=[_task(plan, "3")], organizations=[hierarchy.county], by=personas.supervisor)

    assert refused.value.message == errors.CASCADE_ALREADY_SENT.format(no="1", name=hierarchy.county.name)
    assert first[0].child_task.plan_id == second[0].child_task.plan_id


def test_the_subordinate_signs_for_the_cascade_once(personas, hierarchy):
    link = tasks_cascade(
        tasks=[_task(_published(personas), "1")], organizations=[hierarchy.county], by=personas.supervisor
    )[0]

    with pytest.raises(NotAllowed):
        cascade_accept(link=link, by=hierarchy.sibling_supervisor)
    accepted = cascade_accept(link=link, by=hierarchy.county_supervisor)
    with pytest.raises(DomainError):
        cascade_accept(link=link, by=hierarchy.county_supervisor)

    assert accepted.accepted_by == hierarchy.county_supervisor and accepted.accepted_at is not None


def test_the_subordinate_assigns_its_units_but_cannot_change_the_schedule(personas, hierarchy):
    link = tasks_cascade(
        tasks=[_task(_published(personas), "1")], organizations=[hierarchy.county], by=personas.supervisor
    )[0]
    child = link.child_task

    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])
    with pytest.raises(DomainError) as refused:
        task_schedule_set(task=child, by=hierarchy.county_supervisor, deadline=dt.date(2026, 6, 30))
    with pytest.raises(DomainError):
        cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[personas.basic_ed])

    assert refused.value.message == errors.CASCADED_TASK_FIXED
    assert list(TaskUnit.objects.filter(task=child).values_list("unit", "role")) == [
        (hierarchy.county_unit.pk, TaskUnitRole.LEAD)
    ]


def test_a_change_at_the_parent_reaches_every_subordinate_with_a_notice(personas, hierarchy):
    task = _task(_published(personas), "2")
    links = _send(personas, hierarchy, task, 120, 80)
    places = _places(task)

    cascade_task_update(
        task=task,
        by=personas.supervisor,
        text="新增学位300个。",
        deadline=dt.date(2025, 10, 31),
        targets={places.pk: 300},
        shares={(places.pk, hierarchy.county.pk): 180, (places.pk, hierarchy.sibling.pk): 120},
    )

    child = Task.objects.get(pk=links[0].child_task_id)
    assert (child.text, child.deadline) == ("新增学位300个。", dt.date(2025, 10, 31))
    assert _places(child).value == Decimal(180)
    notices = Notification.objects.filter(user=hierarchy.county_supervisor, title="上级任务已调整")
    assert notices.count() == 1


def test_a_new_split_value_without_new_shares_is_refused(personas, hierarchy):
    task = _task(_published(personas), "2")
    _send(personas, hierarchy, task, 120, 80)
    places = _places(task)

    with pytest.raises(DomainError) as refused:
        cascade_task_update(task=task, by=personas.supervisor, targets={places.pk: 300})

    assert "合计为 200" in refused.value.message
    assert _places(Task.objects.get(pk=task.pk)).value == Decimal(200)


def test_a_county_cannot_extend_its_cascaded_task_but_the_citys_extension_reaches_it(personas, hierarchy):
    task = _task(_published(personas), "1")  # led by 基教处 and 计财处
    link = tasks_cascade(tasks=[task], organizations=[hierarchy.county], by=personas.supervisor)[0]
    child = Task.objects.select_related("plan").get(pk=link.child_task_id)
    plan_publish(plan=child.plan, by=hierarchy.county_supervisor)
    cascade_units_assign(task=child, by=hierarchy.county_supervisor, lead=[hierarchy.county_unit])

    with pytest.raises(DomainError) as refused:
        requests.extension_request(
            task=child,
            unit=hierarchy.county_unit,
            by=hierarchy.county_liaison,
            new_deadline=dt.date(2026, 3, 31),
            reason="需延期。",
        )
    asked = requests.extension_request(
        task=task,
        unit=personas.basic_ed,
        by=personas.liaison,
        new_deadline=dt.date(2026, 3, 31),
        reason="需延期。",
    )
    requests.extension_approve(request=asked, by=personas.supervisor)

    assert refused.value.message == errors.CASCADED_TASK_FIXED
    child.refresh_from_db()
    assert child.deadline == dt.date(2026, 3, 31)
    assert Notification.objects.filter(user=hierarchy.county_supervisor, title="上级任务已调整").exists()


def test_tasks_of_two_plans_are_refused_in_one_send(personas, hierarchy):
    first = _task(_published(personas), "1")
    second = Task.objects.get(
        plan=plan_publish(plan=make_plan(personas.org, tasks=2, title="另一方案"), by=personas.supervisor),
        no="1",
    )

    with pytest.raises(DomainError) as refused:
        tasks_cascade(tasks=[first, second], organizations=[hierarchy.county], by=personas.supervisor)

    assert refused.value.message == errors.CASCADE_ONE_PLAN


def test_a_change_that_changes_nothing_tells_nobody_and_leaves_no_trail(personas, hierarchy):
    task = _task(_published(personas), "2")
    _send(personas, hierarchy, task, 120, 80)
    places = _places(task)

    told = cascade_task_update(
        task=task,
        by=personas.supervisor,
        text=task.text,
        targets={places.pk: "200"},
        shares={(places.pk, hierarchy.county.pk): "120", (places.pk, hierarchy.sibling.pk): "80"},
    )

    assert told == 0
    assert not Notification.objects.filter(title="上级任务已调整").exists()
    assert not AuditEntry.objects.filter(action__in=["cascade_task_update", "cascade_task_sync"]).exists()


def test_a_deadline_before_the_plan_starts_is_refused(personas, hierarchy):
    task = _task(_published(personas), "2")
    _send(personas, hierarchy, task, 120, 80)

    with pytest.raises(DomainError) as refused:
        cascade_task_update(task=task, by=personas.supervisor, deadline=dt.date(2024, 12, 31))

    assert refused.value.message == errors.TASK_DEADLINE_BEFORE_START.format(start=dt.date(2025, 1, 1))


def test_sending_many_tasks_to_many_counties_costs_the_queries_of_one_to_one(
    personas, django_assert_num_queries
):
    plan = _published(personas)
    tasks = list(Task.objects.filter(plan=plan).select_related("plan").order_by("position"))
    for task in tasks:  # nodes to copy, sections 一 and 二 to make in each county's plan
        milestones_set(
            task=task,
            by=personas.supervisor,
            nodes=[NodeInput(dt.date(2025, 6, 30), "出台方案", 50), NodeInput(dt.date(2025, 9, 30), "完成")],
        )
    counties = [Organization.objects.create(name=f"县{n}", parent=personas.org) for n in range(4)]
    for county in counties:
        make_user(county, Role.SUPERVISOR)
    with CaptureQueriesContext(connection) as one:
        tasks_cascade(tasks=tasks[:1], organizations=counties[:1], by=personas.supervisor)

    with django_assert_num_queries(len(one.captured_queries)):
        links = tasks_cascade(tasks=tasks[1:], organizations=counties[1:], by=personas.supervisor)

    assert len(links) == 3 * 3
    children = Task.objects.filter(organization=counties[3]).order_by("position")
    assert [(t.no, t.position, t.section.no if t.section else None) for t in children] == [
        ("2", 1, "一"),
        ("3", 2, "二"),
        ("4", 3, "二"),
    ]
    assert Section.objects.filter(organization=counties[3]).count() == 2
    assert Milestone.objects.filter(organization=counties[3]).count() == 3 * 2
    assert AuditEntry.objects.filter(action="task_cascade_received", task__in=children).count() == 3
    assert Notification.objects.filter(organization=counties[3], title="上级下达任务").count() == 1
