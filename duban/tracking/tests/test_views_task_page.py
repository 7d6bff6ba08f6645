"""The task page: every form shows its refusals beside the field, and the report form follows the cycle."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.tracking import errors
from duban.tracking.forms import EXTENSION_DATE_REQUIRED
from duban.tracking.models import CompletionRequest, ExtensionRequest, Reminder
from duban.tracking.services.milestones import NodeInput, milestones_set
from duban.tracking.services.reports import report_approve, report_return, report_save
from duban.tracking.services.requests import completion_approve, completion_request
from duban.tracking.tests.helpers import TODAY, published_plan, task

HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user, task with units and targets, roles, statuses, timeline (the targets' history taken from
# its reports), reminders, 签收, documents, 推进节点, the task's cascade links (received from the parent or
# sent down): however many reports, targets, attachments, documents and nodes the task has. Here the
# liaison's returned report is this cycle's form, which reads that report's values and evidence (2 queries).
TASK_PAGE_QUERIES = 26  # documents 3, 签收 1, nodes 1, cascade 1; the last: unread notifications (menu)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


@pytest.fixture
def plan(personas):
    return published_plan(personas)


def page(client, plan, no=1):
    return client.get(reverse("tracking:task", args=[task(plan, no).pk])).text


def action(plan, name, no=1):
    return reverse("tracking:task_action", args=[task(plan, no).pk, name])


def report(personas, plan, *, submit=True, no=1):
    return report_save(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已完成调研。",
        progress=30,
        submit=submit,
        today=TODAY,
    )


def test_an_application_for_completion_without_a_statement_is_refused_beside_the_field(
    client, personas, plan
):
    client.force_login(personas.liaison)
    unit = personas.basic_ed.pk

    response = client.post(action(plan, "completion"), {"unit": unit, "reason": " "})

    assert response.status_code == 200
    assert f'id="completion-{unit}-reason_error">{errors.REASON_REQUIRED}' in response.text
    assert not CompletionRequest.objects.exists()


def test_a_refused_completion_comes_back_in_place_with_htmx(client, personas, plan):
    client.force_login(personas.liaison)
    unit = personas.basic_ed.pk
    files = SimpleUploadedFile("证明.exe", b"MZ\x90\x00 not evidence")

    response = client.post(
        action(plan, "completion"), {"unit": unit, "reason": "已完成。", "files": files}, **HTMX
    )

    assert "<html" not in response.text
    assert f'id="completion-{unit}-files_error">{errors.ATTACHMENT_TYPE_REFUSED.format(name="证明.exe")}' in (
        response.text
    )
    assert not CompletionRequest.objects.exists()


def test_an_application_for_completion_with_evidence_goes_back_to_the_page(client, personas, plan):
    client.force_login(personas.liaison)
    files = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 report")

    response = client.post(
        action(plan, "completion"),
        {"unit": personas.basic_ed.pk, "reason": "已完成。", "files": files},
        follow=True,
    )

    assert "办结申请已提交。" in response.text
    assert CompletionRequest.objects.get().attachments.get().name == "验收报告.pdf"
    assert "申请办结（" not in response.text  # one application at a time


def test_an_extension_is_refused_beside_its_date(client, personas, plan):
    client.force_login(personas.liaison)
    unit = personas.basic_ed.pk

    missing = client.post(action(plan, "extension"), {"unit": unit, "reason": "经费未到位。"}, **HTMX)
    earlier = client.post(
        action(plan, "extension"),
        {"unit": unit, "new_deadline": "2025-01-01", "reason": "经费未到位。"},
        **HTMX,
    )

    assert f'id="extension-{unit}-new_deadline_error">{EXTENSION_DATE_REQUIRED}' in missing.text
    assert f'id="extension-{unit}-new_deadline_error">延期后的日期应晚于' in earlier.text
    assert not ExtensionRequest.objects.exists()


def test_a_reminder_without_a_message_is_refused_beside_it_and_only_supervisors_see_the_form(
    client, personas, plan
):
    client.force_login(personas.supervisor)

    response = client.post(action(plan, "remind"), {"message": ""}, **HTMX)

    assert f'id="remind-message_error">{errors.MESSAGE_REQUIRED}' in response.text
    assert not Reminder.objects.exists()
    assert "发送催办" in page(client, plan)
    client.force_login(personas.leader)
    assert "发送催办" not in page(client, plan)


def test_with_nothing_reported_this_cycle_the_page_offers_the_report_form(client, personas, plan):
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'class="report-form"' in text
    assert "提交审核" in text


def test_a_draft_is_offered_again_filled_in(client, personas, plan):
    report(personas, plan, submit=False)
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'class="report-form"' in text
    assert "已完成调研。</textarea>" in text


def test_a_submitted_report_is_shown_read_only_with_withdraw_before_review(client, personas, plan):
    submitted = report(personas, plan)
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'class="report-form"' not in text
    assert f'<input type="hidden" name="report" value="{submitted.pk}">' in text
    assert 'value="withdraw">撤回</button>' in text


def test_an_approved_report_leaves_nothing_to_write_until_the_next_cycle(client, personas, plan):
    report_approve(report=report(personas, plan), by=personas.supervisor)
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'class="report-form"' not in text
    assert "本期进展反馈已通过审核。下一期（7月25日前报送）在本期截止后开放填报。" in text


def test_a_returned_report_is_offered_for_revision_filled_in(client, personas, plan):
    returned = report_return(report=report(personas, plan), by=personas.supervisor, reason="请补充数据。")
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert f'<input type="hidden" name="revise" value="{returned.pk}">' in text
    assert "退回意见：请补充数据。" in text
    assert "已完成调研。</textarea>" in text
    assert "修改后重新提交" in text


def test_a_completed_task_offers_no_form(client, personas, plan):
    one = task(plan, 1)
    application = completion_request(task=one, unit=personas.basic_ed, by=personas.liaison, reason="完成。")
    completion_approve(request=application, by=personas.supervisor, today=TODAY)
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'class="report-form"' not in text
    assert "申请办结（" not in text
    assert "申请延期（" not in text


def test_a_support_unit_reports_but_does_not_apply(client, personas, plan):
    client.force_login(personas.other_liaison)  # 办公室, a member of 各处室 which supports task 3

    text = page(client, plan, no=3)

    assert "责任单位）" in text
    assert 'class="report-form"' in text
    assert "申请办结（" not in text


@pytest.mark.parametrize("reports", [1, 3])
def test_the_task_page_costs_a_fixed_number_of_queries(
    client, personas, plan, django_assert_num_queries, reports
):
    for _ in range(reports):
        made = report(personas, plan)
        report_return(report=made, by=personas.supervisor, reason="请补充。")
    # As many approved 推进节点 (each with its 报告完成 form) as reports: one query for all of them.
    nodes = [NodeInput(dt.date(2025, 8 + n, 1), f"节点{n}") for n in range(reports)]
    milestones_set(task=task(plan, 1), by=personas.supervisor, nodes=nodes)
    client.force_login(personas.liaison)
    url = reverse("tracking:task", args=[task(plan, 1).pk])

    with django_assert_num_queries(TASK_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_the_audit_trail_reads_as_sentences_collapsed_by_default(client, personas, plan):
    submitted = report(personas, plan)
    report_return(report=submitted, by=personas.supervisor, reason="请补充数据")
    client.force_login(personas.supervisor)

    html = page(client, plan)

    trail = html[html.index('id="audit"') - 40 :]
    assert '<details class="audit-trail" id="audit">' in html  # not open
    assert "提交 6月25日期进展（进度30%）" in trail and "退回 6月25日期进展：请补充数据" in trail
    assert (
        "report_submit" not in trail
        and "reviewed_by" not in trail
        and "{" not in trail.split("</details>")[0]
    )


def test_a_returned_reports_target_values_come_back_written_plainly_and_marked_cumulative(
    client, personas, plan
):
    one = task(plan, 1)
    schools, coverage = one.targets.order_by("position")
    made = report_save(
        task=one,
        unit=personas.basic_ed,
        by=personas.liaison,
        text="已完成调研。",
        progress=30,
        target_values={schools.pk: "1800", coverage.pk: "1.50"},
        submit=True,
        today=TODAY,
    )
    report_return(report=made, by=personas.supervisor, reason="请补充。")
    client.force_login(personas.liaison)

    text = page(client, plan)

    assert 'value="1800"' in text
    assert 'value="1.5"' in text
    assert "E+" not in text
    assert "1800.0000" not in text
    assert "新增学位：1800个" in text
    assert "填截至目前的累计值；目标增加 100个" in text
    assert "最新核定值（累计）" in text


def test_applications_for_completion_and_extension_are_folded_until_refused(client, personas, plan):
    client.force_login(personas.liaison)
    unit = personas.basic_ed.pk

    text = page(client, plan)
    refused = client.post(action(plan, "extension"), {"unit": unit, "reason": "x"}, **HTMX).text

    assert '<details class="apply"><summary><h2>申请办结（基础教育处）</h2></summary>' in text
    assert '<details class="apply"><summary><h2>申请延期（基础教育处）</h2></summary>' in text
    assert '<details class="apply" open><summary><h2>申请延期（基础教育处）</h2></summary>' in refused
    assert EXTENSION_DATE_REQUIRED in refused


def test_a_targets_history_lists_each_sent_value_oldest_first_with_its_unit_and_state(client, personas, plan):
    one = task(plan, 1)
    schools = one.targets.order_by("position")[0]

    def send(value, day, *, submit=True):
        return report_save(
            task=one,
            unit=personas.basic_ed,
            by=personas.liaison,
            text="进展",
            progress=30,
            target_values={schools.pk: value},
            submit=submit,
            today=day,
        )

    report_approve(report=send("1000", dt.date(2025, 5, 20)), by=personas.supervisor)
    send("1800", TODAY)
    send("2500", dt.date(2025, 7, 20), submit=False)  # a draft is no one's figure yet
    client.force_login(personas.supervisor)

    text = page(client, plan)

    row = text[text.index("<td>新增学位</td>") : text.index("</tr>", text.index("<td>新增学位</td>"))]
    assert row.index("5月 基础教育处：1000个（已通过）") < row.index("6月 基础教育处：1800个（已提交）")
    assert "2500" not in row
