"""The 推进计划 page (propose, approve, return, set) and 报告完成 of a node on the task page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import Milestone, MilestoneState
from duban.tracking import errors
from duban.tracking.models import ProgressReport
from duban.tracking.services.milestones import NodeInput, milestones_propose, milestones_set
from duban.tracking.tests.helpers import published_plan, task

NODES = [NodeInput(dt.date(2025, 3, 31), "完成调研", 20), NodeInput(dt.date(2025, 6, 30), "出台实施方案", 60)]


@pytest.fixture
def plan(personas, settings):
    settings.DUBAN_TODAY = "2025-07-10"
    return published_plan(personas)


def url(plan, no=1):
    return reverse("tracking:milestones", args=[task(plan, no).pk])


def test_the_lead_units_liaison_proposes_the_plan_in_the_page(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.post(
        url(plan), {"action": "propose", "nodes": "2025-06-30 出台实施方案 40%\n\n2025-03-31 完成调研"}
    )

    assert response.status_code == 302
    nodes = Milestone.objects.filter(task=task(plan, 1)).order_by("position")
    assert [(m.title, m.percent, m.state) for m in nodes] == [
        ("完成调研", 20, MilestoneState.PROPOSED),
        ("出台实施方案", 40, MilestoneState.PROPOSED),
    ]
    assert "已提交，等待督办人员审核" in client.get(url(plan)).content.decode()


def test_a_malformed_line_is_named_beside_the_field_and_nothing_is_kept(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.post(url(plan), {"action": "propose", "nodes": "六月底 出台方案"})

    assert response.status_code == 200
    assert "第1行“六月底 出台方案”格式不对" in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_service_refusal_comes_back_beside_the_nodes(client, personas, plan):
    client.force_login(personas.liaison)

    response = client.post(url(plan), {"action": "propose", "nodes": "2026-03-31 完成验收"})

    assert 'class="field-error"' in response.content.decode()
    assert "晚于完成时限" in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_liaison_may_not_approve_and_a_support_unit_has_no_page(client, personas, plan):
    milestones_propose(task=task(plan, 1), by=personas.liaison, nodes=NODES)
    client.force_login(personas.liaison)
    assert client.post(url(plan), {"action": "approve"}).status_code == 404
    client.force_login(personas.other_liaison)  # 办公室 supports task 3 through 各处室
    assert client.get(url(plan, 3)).status_code == 404


def test_the_supervisor_returns_only_with_a_comment_then_approves_a_new_proposal(client, personas, plan):
    one = task(plan, 1)
    milestones_propose(task=one, by=personas.liaison, nodes=NODES)
    client.force_login(personas.supervisor)

    refused = client.post(url(plan), {"action": "return", "comment": ""})
    assert "退回时请填写意见" in refused.content.decode()
    assert not Milestone.objects.filter(state=MilestoneState.RETURNED).exists()

    assert client.post(url(plan), {"action": "return", "comment": "请细化节点"}).status_code == 302
    client.force_login(personas.liaison)
    assert "退回意见：请细化节点" in client.get(url(plan)).content.decode()
    milestones_propose(task=one, by=personas.liaison, nodes=NODES)
    client.force_login(personas.supervisor)

    assert client.post(url(plan), {"action": "approve", "comment": "同意"}).status_code == 302
    one.refresh_from_db()
    assert [f["title"] for f in one.node_figures] == ["完成调研", "出台实施方案"]


def test_the_supervisor_sets_the_plan_directly(client, personas, plan):
    client.force_login(personas.supervisor)

    client.post(url(plan), {"action": "set", "nodes": "2025-09-30 完成试点 70%"})

    assert list(Milestone.objects.values_list("title", "state")) == [("完成试点", MilestoneState.APPROVED)]


def test_the_task_page_shows_the_nodes_their_state_and_the_pace_they_set(client, personas, plan):
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    client.force_login(personas.liaison)

    html = client.get(reverse("tracking:task", args=[task(plan, 1).pk])).content.decode()

    # 10 of the 184 days from 30 June (60 %) to 31 December (100 %).
    assert "今天应达 62%" in html
    assert "逾期未完成" in html
    assert "节点“完成调研”（2025-03-31）逾期 101 天未完成" in html
    assert "报告节点完成：2025-06-30 出台实施方案" in html


def test_the_lead_unit_reports_a_node_done_with_evidence_from_the_task_page(client, personas, plan):
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    node = Milestone.objects.get(title="出台实施方案")
    client.force_login(personas.liaison)
    done_url = reverse("tracking:milestone_done", args=[node.task_id, node.pk])

    client.post(done_url, {"done_on": "", "evidence": ""})
    node.refresh_from_db()
    assert node.done_on is None

    response = client.post(done_url, {"done_on": "2025-07-01", "evidence": "某教发〔2025〕3号"}, follow=True)

    node.refresh_from_db()
    assert node.done_on == dt.date(2025, 7, 1)
    assert "已于 2025-07-01 完成" in response.content.decode()


def test_the_milestones_page_costs_the_same_queries_for_one_node_or_ten(client, personas, plan):
    client.force_login(personas.supervisor)

    def count(nodes: int) -> int:
        milestones_set(
            task=task(plan, 1),
            by=personas.supervisor,
            nodes=[NodeInput(dt.date(2025, 1, 10 + n), f"节点{n}") for n in range(nodes)],
        )
        milestones_propose(task=task(plan, 1), by=personas.liaison, nodes=NODES)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(plan)).status_code == 200
        return len(queries)

    assert count(1) == count(10)


def report_url(plan, personas):
    return reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk])


def test_the_report_form_offers_the_open_nodes_and_marks_the_ticked_ones_done(client, personas, plan):
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    client.force_login(personas.liaison)
    html = client.get(reverse("tracking:task", args=[task(plan, 1).pk])).content.decode()
    assert "本期完成的推进节点" in html and "2025-06-30 出台实施方案（60%）" in html

    response = client.post(
        report_url(plan, personas),
        {
            "text": "方案已印发。",
            "progress": "65",
            "nodes_done": ["2025-06-30"],
            "node_evidence": "某教发〔2025〕3号",
        },
        follow=True,
    )

    assert "进展反馈已提交" in response.content.decode()
    done = Milestone.objects.get(title="出台实施方案")
    assert (done.done_on, done.evidence) == (dt.date(2025, 7, 10), "某教发〔2025〕3号")
    assert Milestone.objects.get(title="完成调研").done_on is None


def test_a_ticked_node_without_evidence_is_refused_beside_the_field_and_the_report_is_not_sent(
    client, personas, plan
):
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=NODES)
    client.force_login(personas.liaison)

    response = client.post(
        report_url(plan, personas), {"text": "方案已印发。", "progress": "65", "nodes_done": ["2025-06-30"]}
    )

    assert response.status_code == 200
    assert errors.EVIDENCE_REQUIRED in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not Milestone.objects.filter(done_on__isnull=False).exists()
