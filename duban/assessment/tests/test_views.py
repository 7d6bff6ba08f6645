"""考核 pages: results with the breakdown, the scheme form, entries beside their fields, constant queries."""

from __future__ import annotations

import html
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duban.assessment.models import AssessmentEntry
from duban.assessment.selectors import plan_results, plan_scheme
from duban.assessment.tests.conftest import TODAY, assessed_plan, half_year
from duban.test import make_plan
from duban.tracking.tests.cascade_helpers import cascaded

# As a supervisor: two period ledgers (sections and units read by id, no join), the cascade links, and the
# entry form's units and subordinate organisations.
RESULTS_QUERIES = 32
# As a leader (no entry form), the default scheme's quarters reached: the units' ledgers and the counties'
# 承接任务 at each boundary.
CASCADED_RESULTS_QUERIES = 51


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _scheme_post(**overrides: str) -> dict[str, str]:
    data = {
        "item_reports_on_time": "30",
        "item_completion": "40",
        "item_quality": "30",
        "period-0-label": "上半年",
        "period-0-start": "2025-01-01",
        "period-0-end": "2025-06-30",
        "period-0-weight": "100",
        "grade-0-label": "优秀",
        "grade-0-minimum": "85",
        "grade-1-label": "合格",
        "grade-1-minimum": "0",
        "excellent_quota": "30",
        "bonus_cap": "5",
        "deduction_cap": "",
    }
    data.update(overrides)
    return data


def test_the_results_page_ranks_units_with_the_figures_behind_each_score(assessed):
    page = _client(assessed.personas.leader).get(reverse("assessment:results", args=[assessed.plan.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "基础教育处" in text and "计财处" in text and "各处室" not in text
    assert "2/9 期（22.22%）" in text  # 按时报送率 of 基础教育处 in 一季度
    assert "2 条已评价（均值 75.00%）" in text
    assert reverse("assessment:entry_add", args=[assessed.plan.pk]) not in text  # a leader gets no form


def test_a_supervisor_saves_the_scheme_from_the_form(assessed):
    client = _client(assessed.personas.supervisor)

    answer = client.post(reverse("assessment:scheme", args=[assessed.plan.pk]), _scheme_post())

    assert answer.status_code == 302
    scheme, _ = plan_scheme(assessed.plan)
    assert [(i.kind, i.weight) for i in scheme.items] == [
        ("reports_on_time", 30),
        ("completion", 40),
        ("quality", 30),
    ]
    assert [(p.label, p.weight) for p in scheme.periods] == [("上半年", 100)]
    assert (scheme.excellent_quota, scheme.bonus_cap, scheme.deduction_cap) == (30, Decimal(5), None)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"item_quality": "20"}, "考核项目的权重合计须为100，现为90。"),
        ({"item_quality": "三十"}, "“报送质量”：权重应为整数。"),
        ({"period-0-weight": "90"}, "考核期间的权重合计须为100，现为90。"),
        ({"period-0-end": "2025-13-01"}, "“上半年”：日期格式应为 YYYY-MM-DD。"),
        ({"period-1-label": "下半年"}, "第2行期间请填全名称、开始日期、结束日期和权重。"),
        ({"grade-1-minimum": "10"}, "最低一个等次的分数线须为0，使每个单位都有等次。"),
        ({"excellent_quota": "150"}, "优秀比例上限须在1%到100%之间，不限则留空。"),
    ],
)
def test_a_wrong_scheme_comes_back_with_the_reason_and_changes_nothing(assessed, overrides, message):
    client = _client(assessed.personas.supervisor)

    answer = client.post(reverse("assessment:scheme", args=[assessed.plan.pk]), _scheme_post(**overrides))

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert plan_scheme(assessed.plan)[0] == half_year()


def test_a_leader_reads_the_scheme_but_cannot_save_it(assessed):
    client = _client(assessed.personas.leader)
    url = reverse("assessment:scheme", args=[assessed.plan.pk])

    assert "只有督查室（督办员）可以修改考核细则" in client.get(url).content.decode()
    assert client.post(url, _scheme_post()).status_code == 403
    assert plan_scheme(assessed.plan)[0] == half_year()


def test_an_entry_from_the_page_is_listed_and_a_wrong_one_is_refused_beside_its_field(assessed):
    client = _client(assessed.personas.supervisor)
    url = reverse("assessment:entry_add", args=[assessed.plan.pk])
    entry = {
        "subject": f"unit:{assessed.personas.office.pk}",
        "kind": "bonus",
        "points": "2",
        "reason": "工作经验被省厅推广。",
        "evidence_kind": "praise",
        "evidence": "浙教办〔2025〕12号",
        "occurred_on": "2025-05-06",
    }

    refused = client.post(url, {**entry, "points": ""})
    done = client.post(url, entry, follow=True)

    assert refused.status_code == 400
    assert "加分、扣分的分值须大于0" in refused.content.decode()
    assert done.status_code == 200 and "浙教办〔2025〕12号" in done.content.decode()
    assert "登记加分：办公室 2分" in done.content.decode()
    assert AssessmentEntry.objects.count() == 1


def test_the_entry_form_offers_the_counties_holding_tasks_and_lists_an_entry_on_one(with_counties):
    client = _client(with_counties.personas.supervisor)
    county, sibling = with_counties.hierarchy.county, with_counties.hierarchy.sibling
    page = client.get(reverse("assessment:results", args=[with_counties.plan.pk])).content.decode()
    entry = {
        "subject": f"organization:{county.pk}",
        "kind": "bonus",
        "points": "1",
        "reason": "承接任务推进有力。",
        "evidence_kind": "praise",
        "evidence": "市政府督查通报第5期",
        "occurred_on": "2025-06-18",
    }

    refused = client.post(
        reverse("assessment:entry_add", args=[with_counties.plan.pk]),
        {**entry, "subject": f"organization:{sibling.pk}"},
    )
    done = client.post(reverse("assessment:entry_add", args=[with_counties.plan.pk]), entry, follow=True)

    assert '<optgroup label="下级组织">' in page and county.name in page and sibling.name not in page
    assert refused.status_code == 400 and "有效的选项" in refused.content.decode()
    text = done.content.decode()
    assert done.status_code == 200 and f'{county.name}<span class="muted">（下级组织）</span>' in text
    assert f"登记加分：{county.name} 1分" in text
    assert AssessmentEntry.objects.get().subordinate == county


def test_both_downloads_are_files_named_after_the_plan(assessed):
    client = _client(assessed.personas.liaison)
    for fmt, head in (("xlsx", b"PK"), ("docx", b"PK")):
        answer = client.get(reverse("assessment:export", args=[assessed.plan.pk, fmt]))
        assert answer.status_code == 200 and answer.content[:2] == head
        assert "attachment" in answer["Content-Disposition"]
    assert client.get(reverse("assessment:export", args=[assessed.plan.pk, "pdf"])).status_code == 404


# Fixed whatever the number of tasks: the results read one ledger per period end (two here).
QUERIES = {"assessment:results": RESULTS_QUERIES, "assessment:scheme": 6}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("route", sorted(QUERIES))
def test_each_page_runs_the_same_queries_for_5_and_50_tasks(
    personas, settings, route, size, django_assert_num_queries
):
    settings.DUBAN_TODAY = TODAY.isoformat()
    plan = assessed_plan(personas, tasks=size)
    client = _client(personas.supervisor)
    url = reverse(route, args=[plan.pk])

    with django_assert_num_queries(QUERIES[route]):
        assert client.get(url).status_code == 200


def _cascaded_results_page(personas, settings, counties: int):
    settings.DUBAN_TODAY = TODAY.isoformat()
    city = cascaded(personas, counties)
    return city, _client(personas.leader), reverse("assessment:results", args=[city.plan.pk])


def test_the_city_leader_sees_its_counties_ranked_with_the_figures_behind_each_score(personas, settings):
    city, client, url = _cascaded_results_page(personas, settings, 2)

    page = client.get(url).content.decode()

    assert "下级组织" in page
    for county in city.counties:
        assert county.name in page
    # Each county's completion item names its own single 承接任务 as the source (0 of 1 completed).
    assert page.count("0/1") >= 2


@pytest.mark.parametrize("counties", [2, 5])
def test_the_results_page_runs_the_same_queries_for_2_and_5_counties(
    personas, settings, counties, django_assert_num_queries
):
    city, client, url = _cascaded_results_page(personas, settings, counties)
    assert len(plan_results(city.plan, today=TODAY).organizations) == counties

    with django_assert_num_queries(CASCADED_RESULTS_QUERIES):
        assert client.get(url).status_code == 200


def test_both_downloads_of_the_city_list_its_counties(personas, settings):
    city, client, _ = _cascaded_results_page(personas, settings, 2)

    for fmt in ("xlsx", "docx"):
        answer = client.get(reverse("assessment:export", args=[city.plan.pk, fmt]))
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            # openpyxl writes character references (&#21439;): read the text as a reader would.
            text = html.unescape(
                "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
            )
        assert all(county.name in text for county in city.counties), fmt


def test_a_county_whose_plan_is_a_draft_shows_why_it_has_no_score_on_the_page_and_in_both_files(
    with_counties,
):
    client = _client(with_counties.personas.leader)
    reason = "未签收，承接方案尚未发布，不参加排名"

    page = client.get(reverse("assessment:results", args=[with_counties.plan.pk])).content.decode()
    files = {}
    for fmt in ("xlsx", "docx"):
        answer = client.get(reverse("assessment:export", args=[with_counties.plan.pk, fmt]))
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            files[fmt] = html.unescape(
                "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
            )

    county = with_counties.hierarchy.county.name
    assert f'{county}<br><span class="muted">{reason}</span>' in page
    assert ">不参加排名</td>" in page
    assert reason in files["xlsx"] and "不参加排名" in files["xlsx"]
    assert f"{county}：{reason}。" in files["docx"]


def test_a_draft_plans_results_warn_on_the_page_and_in_the_title_area_of_both_files(personas, settings):
    settings.DUBAN_TODAY = TODAY.isoformat()
    draft = make_plan(personas.org, tasks=4)
    client = _client(personas.leader)
    warning = "方案尚未发布（草稿），各单位还不能报送进展：以下结果仅为试算，不作考核依据。"

    page = client.get(reverse("assessment:results", args=[draft.pk])).content.decode()
    book = load_workbook(
        io.BytesIO(client.get(reverse("assessment:export", args=[draft.pk, "xlsx"])).content)
    )
    circular = docx.Document(
        io.BytesIO(client.get(reverse("assessment:export", args=[draft.pk, "docx"])).content)
    )

    assert f'<p class="warning" role="note">{warning}</p>' in page
    summary = book["考核结果"]
    assert summary["A2"].value == warning and summary["A3"].value == "名次"
    assert summary.print_title_rows == "$3:$3"  # the header row repeats on each printed page
    texts = [p.text for p in circular.paragraphs if p.text.strip()]
    at = texts.index(warning)  # between the title (broken over lines) and the first paragraph
    assert texts[at - 1].endswith("的通报") and texts[at + 1].startswith("根据考核细则")


def test_a_published_plans_results_carry_no_warning(assessed):
    client = _client(assessed.personas.leader)

    page = client.get(reverse("assessment:results", args=[assessed.plan.pk])).content.decode()
    book = load_workbook(
        io.BytesIO(client.get(reverse("assessment:export", args=[assessed.plan.pk, "xlsx"])).content)
    )

    assert "仅为试算" not in page
    assert book["考核结果"]["A2"].value == "名次"
