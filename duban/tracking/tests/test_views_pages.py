"""Supervision pages: dashboard, unit page, matrix, my tasks, review in place, publishing, notifications."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.plans.models import PlanStatus, Task
from duban.test import make_plan
from duban.tracking.errors import PROGRESS_REQUIRED, REASON_REQUIRED, TEXT_REQUIRED
from duban.tracking.models import Notification, ProgressReport, ReportStatus
from duban.tracking.selectors.plan import DASHBOARD_LIST_SIZE, plan_dashboard
from duban.tracking.services.reports import report_approve, report_save
from duban.tracking.tests.helpers import TODAY, published_plan, task

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DUBAN_TODAY = TODAY.isoformat()


def submit(personas, plan, no=1, progress=40):
    return report_save(
        task=task(plan, no),
        unit=personas.basic_ed,
        by=personas.liaison,
        text="进展",
        progress=progress,
        submit=True,
        today=TODAY,
    )


PAGES = {
    "dashboard": ("leader", lambda plan: reverse("tracking:plan", args=[plan.pk])),
    "unit": (
        "leader",
        lambda plan: reverse(
            "tracking:unit", args=[plan.pk, plan.organization.units.get(name="基础教育处").pk]
        ),
    ),
    "matrix": ("leader", lambda plan: reverse("tracking:matrix", args=[plan.pk])),
    "my_tasks": ("liaison", lambda plan: reverse("tracking:my_tasks")),
    "review": ("supervisor", lambda plan: reverse("tracking:review")),
    "task": ("liaison", lambda plan: reverse("tracking:task", args=[Task.objects.get(plan=plan, no="1").pk])),
    "notifications": ("liaison", lambda plan: reverse("tracking:notifications")),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_counts_are_the_same_for_plans_of_5_and_50_tasks(
    client, personas, django_assert_num_queries, page
):
    persona, url = PAGES[page]

    def plan_with_reports(tasks):
        plan = published_plan(personas, tasks=tasks)
        for no in (1, 3):
            submit(personas, plan, no)
        report_approve(
            report=ProgressReport.objects.filter(task__plan=plan).earliest("pk"), by=personas.supervisor
        )
        return plan

    client.force_login(getattr(personas, persona))
    small = url(plan_with_reports(5))
    client.get(small)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(small).status_code == 200

    ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).delete()  # one plan's queue at a time
    large = url(plan_with_reports(50))
    with django_assert_num_queries(len(small_queries)):
        assert client.get(large).status_code == 200


def test_the_dashboard_carries_its_chart_data_with_links_to_the_tasks_behind(client, personas):
    plan = published_plan(personas, tasks=6)
    Task.objects.filter(plan=plan, no="2").update(state="completed", progress=100)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:plan", args=[plan.pk]))

    charts = response.context["charts"]
    assert [(item["key"], item["value"]) for item in charts["lights"]] == [
        ("green", 1),
        ("yellow", 0),
        ("red", 5),
    ]
    assert charts["lights"][2]["url"] == reverse("plans:detail", args=[plan.pk]) + "?light=red#tasks"
    assert len(charts["sections"]["urls"]) == 2
    assert '<script id="dashboard-data" type="application/json">' in response.text
    assert json.loads(response.text.split('type="application/json">')[1].split("</script>")[0]) == charts
    assert "export-buttons" in response.text
    assert "<script>" not in response.text  # no inline script under the Content-Security-Policy


def test_a_draft_plans_dashboard_leads_to_its_publish_form(client, personas):
    draft = make_plan(personas.org, tasks=2)
    client.force_login(personas.supervisor)

    response = client.get(reverse("tracking:plan", args=[draft.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("tracking:publish", args=[draft.pk])
    assert "发布方案" in response.text


def test_the_publish_form_shows_its_errors_beside_the_fields(client, personas):
    draft = make_plan(personas.org, tasks=2)
    client.force_login(personas.supervisor)

    response = client.post(
        reverse("tracking:publish", args=[draft.pk]),
        {"cycle": "custom", "due_day": "40", "start_date": "昨天"},
    )

    form = response.context["form"]
    assert form.errors["due_day"] == ["报送日应为每月 1 到 31 日之间。"]
    assert form.errors["start_date"] == ["请填写有效日期，如 2025-06-30。"]
    assert 'class="field-error"' in response.text
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_my_tasks_puts_lead_and_support_tasks_apart_with_this_cycles_form(client, personas):
    plan = published_plan(personas, tasks=6)
    client.force_login(personas.liaison)

    response = client.get(reverse("tracking:my_tasks"))

    [(group, [lead_part, support_part])] = response.context["groups"]
    lead = sorted(item.row.task.no for item, _ in lead_part.cards)
    support = [item.row.task.no for item, _ in support_part.cards]
    assert group.plan == plan
    assert lead == ["1", "3", "5"]  # 基教处 leads the odd tasks; 各处室 supports 3 and 6
    assert support == ["6"]
    assert len(response.context["due"]) == 4
    assert reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk]) in response.text


def test_a_draft_is_saved_as_one_types_before_progress_is_filled(client, personas):
    plan = published_plan(personas, tasks=2)
    url = reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk])
    client.force_login(personas.liaison)

    without_progress = client.post(url, {"text": "正在起草", "autosave": "1"}, **HTMX)
    saved = client.post(url, {"text": "正在起草", "progress": "20", "autosave": "1"}, **HTMX)

    assert "草稿已保存" in without_progress.text
    assert "草稿已保存" in saved.text
    report = ProgressReport.objects.get()
    assert (report.status, report.progress) == (ReportStatus.DRAFT, 20)


def test_a_draft_with_only_a_progress_is_saved_but_not_submitted_without_text(client, personas):
    plan = published_plan(personas, tasks=2)
    url = reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk])
    client.force_login(personas.liaison)

    draft = client.post(url, {"text": "", "progress": "20", "autosave": "1"}, **HTMX)
    submitted = client.post(url, {"text": "", "progress": "20"}, **HTMX)
    no_progress = client.post(url, {"text": "已完成", "progress": ""}, **HTMX)

    assert "草稿已保存" in draft.text
    assert TEXT_REQUIRED in submitted.text
    assert PROGRESS_REQUIRED in no_progress.text
    report = ProgressReport.objects.get()
    assert (report.status, report.text, report.progress) == (ReportStatus.DRAFT, "", 20)


def test_the_report_form_shows_a_refusal_beside_its_field_in_place(client, personas):
    plan = published_plan(personas, tasks=2)
    one = task(plan, 1)
    target = one.targets.get(metric="新增学位")
    url = reverse("tracking:report", args=[one.pk, personas.basic_ed.pk])
    client.force_login(personas.liaison)

    response = client.post(url, {"text": "x", "progress": "30", f"target_{target.pk}": "很多"}, **HTMX)

    assert response.templates[0].name == "tracking/_report_form.html"
    assert response.context["form"].errors[f"target_{target.pk}"] == ["指标“新增学位”的值应为数字。"]
    assert not ProgressReport.objects.exists()


def test_a_submitted_report_goes_back_to_the_page_it_came_from(client, personas):
    plan = published_plan(personas, tasks=2)
    url = reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk])
    client.force_login(personas.liaison)

    response = client.post(url, {"text": "完成调研", "progress": "30", "next": "/tracking/"}, **HTMX)

    assert response["HX-Redirect"] == "/tracking/"
    assert ProgressReport.objects.get().status == ReportStatus.SUBMITTED


def test_the_review_queue_returns_in_place_and_asks_for_a_reason(client, personas):
    plan = published_plan(personas, tasks=2)
    report = submit(personas, plan)
    url = reverse("tracking:review_decide", args=["report", report.pk])
    client.force_login(personas.supervisor)

    refused = client.post(url, {"verdict": "return", "comment": ""}, **HTMX)
    returned = client.post(url, {"verdict": "return", "comment": "请补充数据"}, **HTMX)

    assert REASON_REQUIRED in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert "已退回。" in returned.text
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充数据")


def test_only_the_organizations_supervisors_decide_in_the_review_queue(client, personas):
    plan = published_plan(personas, tasks=2)
    report = submit(personas, plan)
    url = reverse("tracking:review_decide", args=["report", report.pk])

    client.force_login(personas.outsider)
    assert client.post(url, {"verdict": "approve"}).status_code == 404
    client.force_login(personas.leader)
    client.post(url, {"verdict": "approve"})

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_matrix_marks_lead_and_support_units_with_counts(client, personas):
    plan = published_plan(personas, tasks=6)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:matrix", args=[plan.pk]))

    rows = {row.unit.name: row for row in response.context["rows"]}
    assert (rows["基础教育处"].lead, rows["基础教育处"].support) == (3, 0)
    assert rows["各处室"].marks == ["", "", "support", "", "", "support"]
    assert rows["办公室"].marks[1] == "lead"


def test_a_unit_page_lists_the_units_tasks_with_their_lights(client, personas):
    plan = published_plan(personas, tasks=4)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:unit", args=[plan.pk, personas.basic_ed.pk]))

    assert [row.task.no for row in response.context["share"].lead] == ["1", "3"]
    assert response.context["lead_summary"].total == 2
    assert response.text.count('class="light light-') == 2


def test_notifications_are_listed_and_marked_read(client, personas):
    Notification.objects.create(
        organization=personas.org, user=personas.liaison, title="催办", body="请尽快报送。"
    )
    client.force_login(personas.liaison)

    assert "请尽快报送。" in client.get(reverse("tracking:notifications")).text
    client.post(reverse("tracking:notifications_read"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize(
    "page", ["tracking:dashboard", "tracking:my_tasks", "tracking:review", "tracking:notifications"]
)
def test_empty_pages_say_so(client, personas, page):
    client.force_login(personas.supervisor if page == "tracking:review" else personas.liaison)

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert 'class="empty"' in response.text


def test_my_tasks_fetches_a_report_form_only_when_its_card_is_opened(client, personas):
    plan = published_plan(personas, tasks=6)
    one = task(plan, 1)
    client.force_login(personas.liaison)
    url = reverse("tracking:report", args=[one.pk, personas.basic_ed.pk])

    page = client.get(reverse("tracking:my_tasks"))
    opened = client.get(url + "?next=/tracking/", **HTMX)
    without_js = client.get(url)

    assert 'class="report-form"' not in page.text  # no card has a report under way
    assert f'hx-get="{url}?next=/tracking/"' in page.text
    assert reverse("tracking:task", args=[one.pk]) in page.text  # the link without JavaScript
    assert opened.text.lstrip().startswith('<form method="post"')
    assert 'name="next" value="/tracking/"' in opened.text
    assert without_js["Location"] == reverse("tracking:task", args=[one.pk])


def test_a_report_under_way_is_shown_open_with_its_form_on_my_tasks(client, personas):
    plan = published_plan(personas, tasks=2)
    url = reverse("tracking:report", args=[task(plan, 1).pk, personas.basic_ed.pk])
    client.force_login(personas.liaison)
    client.post(url, {"text": "正在起草", "progress": "20", "autosave": "1"}, **HTMX)

    page = client.get(reverse("tracking:my_tasks"))

    assert page.text.count('class="report-form"') == 1
    assert "正在起草" in page.text


def test_the_publish_page_warns_of_past_dates_and_units_without_liaison_but_still_publishes(
    client, personas, settings
):
    settings.DUBAN_TODAY = "2026-03-01"
    plan = make_plan(personas.org, tasks=3)  # a 2025 plan; 计财处 has no liaison
    client.force_login(personas.supervisor)
    page = reverse("tracking:publish", args=[plan.pk])

    html = client.get(page).content.decode()

    assert "方案年度为 2025 年，不是今年（2026 年）" in html
    assert "起始日期不填时为 2025年1月1日" in html
    assert "计财处" in html and "请系统管理员" in html  # a supervisor cannot open the admin
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    add_user = reverse("admin:accounts_user_add")
    assert (
        f'{add_user}?role=liaison&amp;organization={plan.organization_id}&amp;units={personas.finance.pk}"'
        in (client.get(page).text)
    )
    form = client.get(f"{add_user}?role=liaison&units={personas.finance.pk}").text
    assert f'<option value="{personas.finance.pk}" selected>计财处</option>' in form
    client.force_login(personas.supervisor)
    response = client.post(page, {"cycle": "monthly", "due_day": "25"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_a_draft_plan_shows_no_overdue_or_expected_figures(client, personas, settings):
    settings.DUBAN_TODAY = "2026-03-01"
    plan = make_plan(personas.org, tasks=3)
    Task.objects.filter(plan=plan).update(deadline="2025-03-31")
    client.force_login(personas.supervisor)

    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()

    assert "第1号实施办法" in html
    assert "逾期" not in html and "progress-cell" not in html and 'class="light' not in html


def test_the_dashboard_lists_the_first_lagging_tasks_and_links_to_all_of_them(client, personas):
    plan = published_plan(personas, tasks=DASHBOARD_LIST_SIZE + 5)
    client.force_login(personas.leader)

    response = client.get(reverse("tracking:plan", args=[plan.pk]))

    board = response.context["board"]
    assert board.lagging.total == DASHBOARD_LIST_SIZE + 5
    assert [line.task.position for line in board.lagging.lines] == list(range(DASHBOARD_LIST_SIZE))
    assert board.overall.summary.lights["red"] == DASHBOARD_LIST_SIZE + 5
    all_lagging = reverse("plans:detail", args=[plan.pk]) + "?light=lagging#tasks"
    assert f'href="{all_lagging}">查看全部 {DASHBOARD_LIST_SIZE + 5} 项（另有 5 项未列出）' in response.text


def test_the_dashboard_reads_a_plan_in_ten_queries_whatever_its_size(personas, django_assert_num_queries):
    for size in (5, DASHBOARD_LIST_SIZE + 15):
        plan = published_plan(personas, tasks=size)
        # status columns, lead units, their names, targets, sections; the listed tasks with their 4 prefetches
        with django_assert_num_queries(10):
            board = plan_dashboard(plan=plan, today=TODAY)
        assert board.overall.summary.total == size
