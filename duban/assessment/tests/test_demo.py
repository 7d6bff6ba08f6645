"""The demo holds a half-year assessment: every lead unit ranked with the breakdown behind its score."""

from __future__ import annotations

from decimal import Decimal

from duban.accounts.models import Organization
from duban.assessment.models import AssessmentEntry
from duban.assessment.selectors import plan_results
from duban.tracking.demo import DEMO_TODAY
from duban.tracking.demo_load import demo_load


def test_the_demo_plan_is_assessed_over_the_half_year_with_entries_and_rated_reports(db):
    result = demo_load()
    assert result.plan is not None

    results = plan_results(result.plan, today=DEMO_TODAY)

    assert [p.label for p in results.periods] == ["一季度", "二季度"]
    assert len(results.units) >= 10 and all(r.rank for r in results.units)
    assert not {"各处室", "各有关单位"} & {r.name for r in results.units}
    by_name = {r.name: r for r in results.units}
    assert by_name["基础教育处"].bonus == Decimal(2)
    assert by_name["安全管理处"].deduction == Decimal("1.5")
    quality = [i for p in by_name["基础教育处"].periods for i in p.items if i.kind == "quality"]
    assert all(i.points is not None for i in quality)  # its approved reports were rated
    grades = [r.grade for r in results.units]
    assert grades.count("优秀") <= len(results.units) * 30 // 100
    assert result.extensions == [
        "已制定上半年考核细则（一季度40%、二季度60%）并登记加扣分 4 条（其中下级组织 1 条）。"
    ]


def test_loading_the_demo_again_adds_no_second_set_of_entries(db):
    demo_load()
    again = demo_load()

    assert AssessmentEntry.objects.count() == 4
    assert again.extensions == []


def test_the_demo_ranks_both_counties_on_their_own_cascaded_tasks_with_the_breakdown(db):
    result = demo_load()
    assert result.plan is not None

    organizations = plan_results(result.plan, today=DEMO_TODAY).organizations

    assert sorted(r.name for r in organizations) == sorted(
        o.name for o in Organization.objects.children_of(result.plan.organization)
    )
    assert len(organizations) == 2 and all(r.rank and r.total is not None for r in organizations)
    for county in organizations:
        assert [p.label for p in county.periods] == ["一季度", "二季度"]
        scored = [i for p in county.periods for i in p.items if i.points is not None]
        assert scored and all(i.source for i in scored)
        assert {i.kind for i in scored} >= {"reports_on_time", "on_pace", "quality"}  # rated county reports
    by_name = {r.name: r for r in organizations}
    dongyang = next(name for name in by_name if "东阳" in name)
    xiling = next(name for name in by_name if "西岭" in name)
    assert by_name[dongyang].rank == 1 and by_name[xiling].rank == 2  # 西岭 lags on tasks 8 and 13
    assert (by_name[dongyang].bonus, by_name[xiling].bonus) == (Decimal(1), Decimal(0))  # 东阳's 表扬
    assert by_name[dongyang].adjustments[0].reason.startswith("加分：承接的学位扩容任务提前完成年度进度")
