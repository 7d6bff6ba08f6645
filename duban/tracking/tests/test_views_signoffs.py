"""签收 in the pages: my tasks lists what awaits signing, the task page shows the 催办 and who signed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.tracking import errors
from duban.tracking.models import Reminder, SignOff, SignOffReason
from duban.tracking.services.reminders import reminder_send
from duban.tracking.services.signoffs import signoffs_sign
from duban.tracking.tests.helpers import published_plan, task

TODAY = dt.date(2025, 7, 10)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def urge(personas, plan, no=1, **options):
    return reminder_send(
        task=task(plan, no), by=personas.supervisor, message="请本周内报送推进情况。", **options
    )


def test_my_tasks_lists_what_awaits_signing_with_its_count_and_buttons(client, personas):
    plan = published_plan(personas, tasks=4)
    urge(personas, plan, 3, reply_by=dt.date(2025, 7, 15))
    client.force_login(personas.liaison)

    html = client.get(reverse("tracking:my_tasks")).text

    assert (
        'id="signoffs"' in html and '<span class="count count-unread">3</span>' in html
    )  # 1, 3 and the 催办
    assert '待签收 <a href="#signoffs"><strong>3</strong></a> 项' in html
    assert html.count(">签收</button>") == 3 and "全部签收" in html
    assert "请本周内报送推进情况。" in html and "请于 2025-07-15 前签收" in html


def test_my_tasks_shows_the_first_five_to_sign_and_folds_the_rest(client, personas):
    published_plan(personas, tasks=16)  # the liaison's 基教处 leads the 8 odd tasks
    client.force_login(personas.liaison)

    html = client.get(reverse("tracking:my_tasks")).text

    shown, folded = html.split('<details class="signoffs-more">')
    assert '<span class="count count-unread">8</span>' in shown
    assert shown.count(">签收</button>") == 5
    assert "<summary>其余 3 项</summary>" in folded and folded.count(">签收</button>") == 3


def test_an_urging_comes_before_the_assignments_so_it_is_never_folded(client, personas):
    plan = published_plan(personas, tasks=16)  # 8 assignments to sign, due first
    urge(personas, plan, 15, reply_by=dt.date(2025, 7, 30))
    client.force_login(personas.liaison)

    html = client.get(reverse("tracking:my_tasks")).text

    shown, folded = html.split('<details class="signoffs-more">')
    assert "请本周内报送推进情况。" in shown and "请本周内报送推进情况。" not in folded


def test_five_to_sign_fold_nothing(client, personas):
    published_plan(personas, tasks=10)
    client.force_login(personas.liaison)

    html = client.get(reverse("tracking:my_tasks")).text

    assert html.count(">签收</button>") == 5 and "signoffs-more" not in html


def test_a_liaison_with_nothing_to_sign_sees_no_list(client, personas):
    published_plan(personas, tasks=2)
    signoffs_sign(by=personas.liaison)
    client.force_login(personas.liaison)

    assert 'id="signoffs"' not in client.get(reverse("tracking:my_tasks")).text


def test_the_sign_button_signs_one_request_with_the_reply_and_comes_back(client, personas):
    plan = published_plan(personas, tasks=1)
    urge(personas, plan)
    urged = SignOff.objects.get(reason=SignOffReason.URGED, unit=personas.basic_ed)
    client.force_login(personas.liaison)

    response = client.post(
        reverse("tracking:signoff_sign", args=[urged.pk]), {"note": "已安排专人"}, follow=True
    )

    urged.refresh_from_db()
    assert urged.signed_by == personas.liaison and urged.note == "已安排专人"
    assert "已签收。" in response.text
    assert (
        SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True).count() == 1
    )  # the publishing one


def test_another_units_request_is_refused_with_the_reason_and_left_unsigned(client, personas):
    plan = published_plan(personas, tasks=1)
    theirs = SignOff.objects.get(plan=plan, unit=personas.finance)
    client.force_login(personas.liaison)

    response = client.post(reverse("tracking:signoff_sign", args=[theirs.pk]), follow=True)

    assert errors.NOT_ALLOWED in response.text
    theirs.refresh_from_db()
    assert theirs.signed_at is None


def test_another_organisations_request_does_not_exist(client, personas):
    plan = published_plan(personas, tasks=1)
    client.force_login(personas.outsider)

    response = client.post(
        reverse("tracking:signoff_sign", args=[SignOff.objects.filter(plan=plan).earliest("pk").pk])
    )

    assert response.status_code == 404


def test_signing_all_signs_every_pending_request(client, personas):
    published_plan(personas, tasks=6)
    client.force_login(personas.liaison)

    response = client.post(reverse("tracking:signoffs_sign"), follow=True)

    assert "已签收 3 项。" in response.text
    assert not SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True).exists()


def test_the_task_page_signs_that_tasks_requests_only(client, personas):
    plan = published_plan(personas, tasks=3)
    client.force_login(personas.liaison)
    url = reverse("tracking:task", args=[task(plan, 3).pk])
    assert "签收本任务" in client.get(url).text

    client.post(reverse("tracking:signoffs_sign"), {"task": task(plan, 3).pk, "next": url})

    pending = SignOff.objects.filter(unit=personas.basic_ed, signed_at__isnull=True)
    assert list(pending.values_list("task__no", flat=True)) == ["1"]
    assert "签收本任务" not in client.get(url).text


def test_the_urge_form_sends_the_message_to_the_chosen_units_with_a_reply_date(client, personas):
    plan = published_plan(personas, tasks=3)
    client.force_login(personas.supervisor)
    url = reverse("tracking:task_action", args=[task(plan, 3).pk, "remind"])

    client.post(
        url,
        {"message": "请补报材料。", "recipients": [f"unit:{personas.finance.pk}"], "reply_by": "2025-07-18"},
    )

    sent = Reminder.objects.get()
    assert (sent.unit, sent.body, sent.reply_by) == (personas.finance, "请补报材料。", dt.date(2025, 7, 18))
    assert SignOff.objects.get(reminder=sent).due_on == dt.date(2025, 7, 18)


def test_the_urge_form_offers_lead_support_and_each_unit(client, personas):
    plan = published_plan(personas, tasks=3)
    client.force_login(personas.supervisor)

    html = client.get(reverse("tracking:task", args=[task(plan, 3).pk])).text

    assert "全部牵头单位" in html and "全部责任单位" in html
    assert f'value="unit:{personas.finance.pk}"' in html and "请于此日前签收回复" in html
    assert f'value="unit:{personas.all_departments.pk}"' not in html  # a collective signs nothing


def test_an_urge_to_nobody_is_refused_beside_the_recipients(client, personas):
    plan = published_plan(personas, tasks=1)
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:task_action", args=[task(plan, 1).pk, "remind"]), {"message": "请补报。"}, **HTMX
    )

    assert f'id="remind-recipients_error">{errors.RECIPIENTS_REQUIRED}' in response.text
    assert not Reminder.objects.exists()


def test_an_urge_with_a_past_reply_date_is_refused_beside_the_date(client, personas):
    plan = published_plan(personas, tasks=1)
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:task_action", args=[task(plan, 1).pk, "remind"]),
        {"message": "请补报。", "recipients": ["lead"], "reply_by": "2025-07-01"},
        **HTMX,
    )

    assert errors.REPLY_BY_PAST.format(today="2025-07-10") in response.text
    assert 'class="field invalid"' in response.text
    assert not Reminder.objects.exists()


def test_the_task_page_shows_the_message_and_each_recipients_signature(client, personas, settings):
    plan = published_plan(personas, tasks=1)
    urge(personas, plan, reply_by=dt.date(2025, 7, 12))
    signoffs_sign(by=personas.liaison, note="已部署")
    settings.DUBAN_TODAY = "2025-07-14"
    client.force_login(personas.supervisor)

    html = client.get(reverse("tracking:task", args=[task(plan, 1).pk])).text

    assert '<div class="urge-message">请本周内报送推进情况。</div>' in html
    assert "回复：已部署" in html
    assert "逾期未回复（期限 2025-07-12）" in html  # 计财处 has not signed
    assert '计财处：<span class="error">未签收（逾期，期限 2025-07-13）</span>' in html


def test_the_matrix_marks_who_has_not_signed_and_lists_the_overdue(client, personas, settings):
    plan = published_plan(personas, tasks=2)
    signoffs_sign(by=personas.liaison)
    urge(personas, plan, 2, reply_by=dt.date(2025, 7, 11))
    settings.DUBAN_TODAY = "2025-07-14"
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:matrix", args=[plan.pk]))

    grid = {row.unit.name: (cells, count) for row, cells, count in response.context["grid"]}
    assert grid["基础教育处"] == ([("lead", False), ("", False)], 0)
    assert grid["计财处"] == ([("lead", True), ("", False)], 1)
    assert grid["办公室"] == ([("", False), ("lead", True)], 1)
    overdue = [(line.signoff.unit.name, line.signoff.reason) for line in response.context["overdue"]]
    # By their last day: the 催办's reply-by (7-11) before publishing's three days (7-13).
    assert overdue == [("办公室", "urged"), ("计财处", "published"), ("办公室", "published")]
    assert "请本周内报送推进情况。" in response.text


def test_the_unit_page_lists_what_the_unit_has_not_signed(client, personas):
    plan = published_plan(personas, tasks=3)
    client.force_login(personas.supervisor)

    html = client.get(reverse("tracking:unit", args=[plan.pk, personas.finance.pk])).text

    assert '未签收 <span class="count">2</span>' in html
    signoffs_sign(by=personas.liaison)
    html = client.get(reverse("tracking:unit", args=[plan.pk, personas.basic_ed.pk])).text
    assert "基础教育处已签收全部交办与催办。" in html


@pytest.mark.parametrize("page", ["my_tasks", "matrix"])
def test_the_signoff_lists_cost_the_same_queries_for_1_and_8_urged_tasks(client, personas, page):
    def queries(tasks):
        SignOff.objects.all().delete()
        plan = published_plan(personas, tasks=tasks)
        for no in range(1, tasks + 1, 2):
            urge(personas, plan, no)
        client.force_login(personas.liaison)
        url = (
            reverse("tracking:my_tasks") if page == "my_tasks" else reverse("tracking:matrix", args=[plan.pk])
        )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(1) == queries(8)
