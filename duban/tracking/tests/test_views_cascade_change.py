"""Changing a cascaded task at the parent on its page: shares prefilled, checked, passed down; 404 else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import CascadeLink, Target, Task
from duban.tracking.models import AuditEntry, Notification
from duban.tracking.services.cascade import cascade_accept, tasks_cascade
from duban.tracking.tests.cascade_helpers import Cascaded, cascaded
from duban.tracking.tests.helpers import TODAY, published_plan, task


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def _url(world: Cascaded) -> str:
    return reverse("tracking:cascade_change", args=[world.task.pk])


def _targets(world: Cascaded) -> tuple[Target, Target]:
    """The city task's split 新增学位 (200) and its unsplit 覆盖面 (90%)."""
    return world.task.targets.get(metric="新增学位"), world.task.targets.get(metric="覆盖面")


def _form(world: Cascaded, **fields: object) -> dict[str, object]:
    """The page's form as it stands: text, deadline, every value and share unchanged unless overridden."""
    places, coverage = _targets(world)
    form: dict[str, object] = {
        "text": world.task.text,
        "deadline": "",
        f"value-{places.pk}": "200",
        f"value-{coverage.pk}": "90",
    }
    for link, county in zip(world.links, world.counties, strict=True):
        child = {t.metric: t for t in Target.objects.filter(task_id=link.child_task_id)}
        form[f"share-{places.pk}-{county.pk}"] = str(child["新增学位"].value)
        form[f"share-{coverage.pk}-{county.pk}"] = str(child["覆盖面"].value)
    form.update(fields)
    return form


def _child(world: Cascaded, n: int) -> Task:
    return Task.objects.get(pk=world.links[n].child_task_id)


def test_the_page_shows_every_countys_current_share_prefilled(client, personas):
    world = cascaded(personas, 3)  # 新增学位 200 split 67 + 67 + 66
    places, coverage = _targets(world)
    client.force_login(personas.supervisor)

    page = client.get(_url(world))

    assert page.status_code == 200
    assert f'name="value-{places.pk}" value="200"' in page.text
    for county, share in zip(world.counties, ("67", "67", "66"), strict=True):
        assert f'name="share-{places.pk}-{county.pk}" value="{share}"' in page.text
        assert f'name="share-{coverage.pk}-{county.pk}" value="90"' in page.text
    assert "合计须等于上级目标" in page.text and "各下级分别承担" in page.text


def test_a_change_reaches_every_countys_task_and_tells_its_supervisors(client, personas):
    world = cascaded(personas, 2)  # 100 + 100
    places, _ = _targets(world)
    a, b = world.counties
    client.force_login(personas.supervisor)

    response = client.post(
        _url(world),
        _form(
            world,
            text="新增学位300个，覆盖面达到90%。",
            deadline="2025-10-31",
            **{
                f"value-{places.pk}": "300",
                f"share-{places.pk}-{a.pk}": "180",
                f"share-{places.pk}-{b.pk}": "120",
            },
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:rollup", args=[world.plan.pk])
    for n, share in enumerate((Decimal(180), Decimal(120))):
        child = _child(world, n)
        assert (child.text, child.deadline) == ("新增学位300个，覆盖面达到90%。", dt.date(2025, 10, 31))
        assert child.targets.get(metric="新增学位").value == share
        notices = Notification.objects.filter(user=world.supervisors[n], task=child, title="上级任务已调整")
        assert notices.count() == 1
    assert Target.objects.get(pk=places.pk).value == Decimal(300)
    entry = AuditEntry.objects.get(action="cascade_task_update", task=world.task)
    assert (entry.after or {})[f"share:{places.position}:{a.name}"] == "180"


def test_shares_that_do_not_add_up_are_refused_and_nothing_changes(client, personas):
    world = cascaded(personas, 2)
    places, _ = _targets(world)
    a, b = world.counties
    before = {t.pk: t.value for t in Target.objects.all()}
    deadline = _child(world, 0).deadline
    client.force_login(personas.supervisor)

    page = client.post(
        _url(world),
        _form(
            world,
            text="改写后的内容。",
            deadline="2025-10-31",
            **{
                f"value-{places.pk}": "300",
                f"share-{places.pk}-{a.pk}": "150",
                f"share-{places.pk}-{b.pk}": "100",
            },
        ),
    )

    assert page.status_code == 200
    assert "分解到各下级的数值合计为 250，应等于上级目标 300" in page.text
    assert f'name="share-{places.pk}-{a.pk}" value="150"' in page.text  # what was typed stays in the form
    assert {t.pk: t.value for t in Target.objects.all()} == before
    assert Task.objects.get(pk=world.task.pk).text == world.task.text
    assert _child(world, 0).deadline == deadline
    assert not Notification.objects.filter(title="上级任务已调整").exists()
    assert not AuditEntry.objects.filter(action="cascade_task_update").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "  "}, "任务内容不能为空。"),
        ({"deadline": "2025-13-01"}, "请填写有效日期，如 2025-06-30。"),
        ({"deadline": "2024-12-31"}, "完成时限不能早于方案起始日期"),
        ({"value": "很多"}, "指标“新增学位”的值应为数字。"),
    ],
)
def test_a_wrong_field_is_named_in_chinese_and_nothing_changes(client, personas, fields, message):
    world = cascaded(personas, 2)
    places, _ = _targets(world)
    if "value" in fields:
        fields = {f"value-{places.pk}": fields["value"]}
    client.force_login(personas.supervisor)

    page = client.post(_url(world), _form(world, **fields))

    assert page.status_code == 200 and message in page.text
    assert Task.objects.get(pk=world.task.pk).text == world.task.text
    assert not AuditEntry.objects.filter(action="cascade_task_update").exists()


def test_posting_the_form_unchanged_tells_nobody(client, personas):
    world = cascaded(personas, 2)
    client.force_login(personas.supervisor)

    response = client.post(_url(world), _form(world), follow=True)

    assert "没有修改任何内容。" in response.text
    assert not Notification.objects.filter(title="上级任务已调整").exists()
    assert not AuditEntry.objects.filter(action="cascade_task_update").exists()


def test_the_task_page_and_the_rollup_link_to_it_for_the_supervisor_only(client, personas):
    world = cascaded(personas, 2)
    other = task(world.plan, 1)  # not cascaded
    link = f'href="{_url(world)}"'

    client.force_login(personas.supervisor)
    supervisor = [
        client.get(reverse("tracking:task", args=[world.task.pk])).text,
        client.get(reverse("tracking:rollup", args=[world.plan.pk])).text,
    ]
    not_cascaded = client.get(reverse("tracking:task", args=[other.pk])).text
    no_page = client.get(reverse("tracking:cascade_change", args=[other.pk])).status_code
    client.force_login(personas.leader)
    leader = client.get(reverse("tracking:rollup", args=[world.plan.pk])).text

    assert all(link in text for text in supervisor)
    assert "调整下达内容与指标" not in not_cascaded and no_page == 404
    assert link not in leader


def test_the_county_has_no_such_page_for_its_own_task(client, personas):
    world = cascaded(personas, 2)
    client.force_login(world.supervisors[0])

    answers = [
        client.get(reverse("tracking:cascade_change", args=[world.links[0].child_task_id])).status_code,
        client.post(reverse("tracking:cascade_change", args=[world.links[0].child_task_id])).status_code,
        client.get(_url(world)).status_code,
    ]

    assert answers == [404, 404, 404]


def test_the_page_runs_the_same_queries_for_two_and_five_counties(
    client, personas, django_assert_num_queries
):
    small = cascaded(personas, 2)
    client.force_login(personas.supervisor)
    with CaptureQueriesContext(connection) as counted:
        client.get(_url(small))
    CascadeLink.objects.all().delete()
    large = cascaded(personas, 5, name="区")

    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(_url(large))

    assert response.status_code == 200 and all(c.name in response.text for c in large.counties)


def test_a_plan_without_subordinates_has_nothing_to_change(client, personas):
    plan = published_plan(personas, tasks=2)
    client.force_login(personas.supervisor)

    assert client.get(reverse("tracking:cascade_change", args=[task(plan, 1).pk])).status_code == 404


def test_the_supervisor_withdraws_an_unsigned_task_from_the_rollup_or_the_link_page(
    client, personas, hierarchy
):
    plan = published_plan(personas, tasks=2)
    first, second = tasks_cascade(
        tasks=[task(plan, 1), task(plan, 2)], organizations=[hierarchy.county], by=personas.supervisor
    )
    cascade_accept(link=second, by=hierarchy.county_supervisor)
    withdraw = reverse("tracking:cascade_withdraw", args=[first.pk])
    client.force_login(personas.supervisor)

    rollup = client.get(reverse("tracking:rollup", args=[plan.pk])).text
    link_page = client.get(reverse("tracking:cascade", args=[first.pk])).text
    signed_page = client.get(reverse("tracking:cascade", args=[second.pk])).text
    done = client.post(withdraw, follow=True)
    refused = client.post(reverse("tracking:cascade_withdraw", args=[second.pk]), follow=True)

    assert rollup.count('action="/tracking/cascades/') == 1 and f'action="{withdraw}"' in rollup
    assert f'action="{withdraw}"' in link_page and "撤回下达" not in signed_page
    assert done.redirect_chain[-1][0] == reverse("tracking:rollup", args=[plan.pk])
    assert f"已撤回下达给“{hierarchy.county.name}”的第1项任务" in done.text
    assert refused.redirect_chain[-1][0] == reverse("tracking:cascade", args=[second.pk])
    assert "不能撤回" in refused.text
    assert list(CascadeLink.objects.values_list("pk", flat=True)) == [second.pk]


def test_an_htmx_withdrawal_leads_to_the_rollup_as_a_full_page(client, personas, hierarchy):
    plan = published_plan(personas, tasks=2)
    (link,) = tasks_cascade(tasks=[task(plan, 1)], organizations=[hierarchy.county], by=personas.supervisor)
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:cascade_withdraw", args=[link.pk]), headers={"HX-Request": "true"}
    )

    assert response["HX-Redirect"] == reverse("tracking:rollup", args=[plan.pk])
