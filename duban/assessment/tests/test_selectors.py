"""Results per unit: figures at each period's end, the cycles of the period only, ratings, no collectives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from duban.accounts.models import Organization
from duban.assessment.ratings import period_ratings
from duban.assessment.rules import Figure, ItemKind, ItemScore, SubjectFigures, SubjectResult
from duban.assessment.selectors import plan_results
from duban.assessment.services import entry_add, scheme_save
from duban.assessment.tests.conftest import TODAY, half_year
from duban.plans.models import CascadeLink, Task
from duban.tracking.models import ProgressReport
from duban.tracking.services.cascade import cascade_accept, tasks_cascade
from duban.tracking.tests.cascade_helpers import cascaded


def _items(result: SubjectResult, period: str) -> dict[str, ItemScore]:
    scores = {p.label: p for p in result.periods}[period]
    return {item.kind: item for item in scores.items}


def test_every_lead_unit_is_assessed_and_a_collective_never_is(assessed):
    results = plan_results(assessed.plan, today=TODAY)

    assert sorted(r.name for r in results.units) == ["办公室", "基础教育处", "计财处"]
    assert [p.label for p in results.periods] == ["一季度", "二季度"]
    assert results.organizations == []


def test_a_period_counts_only_the_report_cycles_due_within_it(assessed):
    basic_ed = {r.name: r for r in plan_results(assessed.plan, today=TODAY).units}["基础教育处"]

    # Three lead tasks, three monthly cycles a quarter; task 1 reported in January and February.
    q1, q2 = _items(basic_ed, "一季度"), _items(basic_ed, "二季度")
    assert q1[ItemKind.REPORTS_ON_TIME].source == "2/9 期（22.22%）"
    assert q2[ItemKind.REPORTS_ON_TIME].source == "0/9 期（0.00%）"


def test_the_quality_item_averages_the_ratings_of_the_periods_approved_lead_reports(assessed):
    basic_ed = {r.name: r for r in plan_results(assessed.plan, today=TODAY).units}["基础教育处"]

    quality = _items(basic_ed, "一季度")[ItemKind.QUALITY]
    assert quality.source == "2 条已评价（均值 75.00%）"  # 优 100 % and 差 50 %
    assert quality.points == Decimal("7.50")
    assert _items(basic_ed, "二季度")[ItemKind.QUALITY].points is None  # no rated report: not applicable


def test_a_unit_with_more_done_ranks_higher_and_entries_move_it(assessed):
    before = plan_results(assessed.plan, today=TODAY)
    assert before.units[0].name == "基础教育处"

    entry_add(
        plan=assessed.plan,
        unit=assessed.personas.office,
        kind="bonus",
        points=Decimal(30),
        reason="经验做法获推广。",
        evidence_kind="endorsement",
        evidence="市领导批示",
        occurred_on=dt.date(2025, 5, 6),
        by=assessed.personas.supervisor,
    )
    after = {r.name: r for r in plan_results(assessed.plan, today=TODAY).units}

    assert after["办公室"].bonus == Decimal(30)
    assert after["办公室"].total == (after["办公室"].base or 0) + 30
    assert after["办公室"].rank == 1


def test_subordinate_organisations_come_in_through_the_hook_and_are_ranked_apart(assessed):
    def two_counties(plan, periods, today):
        figures = {p.label: {str(ItemKind.COMPLETION): Figure(Decimal(1), 2)} for p in periods}
        return [
            SubjectFigures(key="organization:1", name="甲县教育局", kind="organization", figures=figures),
            SubjectFigures(key="organization:2", name="乙县教育局", kind="organization", figures=figures),
        ]

    results = plan_results(assessed.plan, today=TODAY, subordinates=two_counties)

    assert sorted((r.name, r.rank, r.tied, r.total) for r in results.organizations) == [
        ("乙县教育局", 1, True, Decimal("50.00")),
        ("甲县教育局", 1, True, Decimal("50.00")),
    ]
    assert {r.kind for r in results.organizations} == {"organization"}


def _county_entry(personas, plan, county, kind: str, points: str | None) -> None:
    entry_add(
        plan=plan,
        subordinate=county,
        kind=kind,
        points=None if points is None else Decimal(points),
        reason="承接任务推进情况。",
        evidence_kind="other",
        evidence="",
        occurred_on=dt.date(2025, 6, 1),
        by=personas.supervisor,
    )


def test_entries_on_counties_count_as_for_units_within_the_caps_and_a_veto_takes_the_lowest_grade(
    personas, settings
):
    settings.DUBAN_TODAY = TODAY.isoformat()
    city = cascaded(personas, 3)
    capped = replace(half_year(), bonus_cap=Decimal(3), deduction_cap=Decimal(2))
    scheme_save(plan=city.plan, scheme=capped, by=personas.supervisor)
    first, second, third = city.counties
    before = {r.name: r for r in plan_results(city.plan, today=TODAY).organizations}
    for county, kind, points in (
        (first, "bonus", "2"),
        (first, "bonus", "2"),
        (second, "deduction", "5"),
        (third, "veto", None),
    ):
        _county_entry(personas, city.plan, county, kind, points)

    results = plan_results(city.plan, today=TODAY)

    after = {r.name: r for r in results.organizations}
    assert after[first.name].bonus == Decimal(3)  # 2 + 2, capped at 3
    assert after[first.name].total == (before[first.name].total or 0) + 3
    assert after[second.name].deduction == Decimal(2)  # 5, capped at 2
    assert after[second.name].total == (before[second.name].total or 0) - 2
    vetoed = after[third.name]
    assert (vetoed.veto, vetoed.rank, vetoed.grade) == (True, None, "不合格")
    assert [a.reason for a in vetoed.adjustments] == ["一票否决：承接任务推进情况。（其他）"]
    assert [r.name for r in results.organizations][-1] == third.name  # after the ranked ones
    assert all(r.bonus == r.deduction == 0 and not r.veto for r in results.units)


def test_ratings_are_read_once_for_units_and_counties_alike_by_the_subject_asked_for(
    assessed, django_assert_num_queries
):
    reports = ProgressReport.objects.filter(task__plan=assessed.plan)
    periods = half_year().periods

    with django_assert_num_queries(1):
        by_unit = period_ratings(reports, "unit__name", periods)
    by_organization = period_ratings(reports, "task__organization_id", periods)

    assert {label: {k: sorted(v) for k, v in found.items()} for label, found in by_unit.items()} == {
        "一季度": {"基础教育处": ["excellent", "poor"]}
    }
    assert sorted(by_organization["一季度"][assessed.plan.organization_id]) == ["excellent", "poor"]
    assert period_ratings(reports, "unit__name", ()) == {}


def test_a_county_whose_plan_is_a_draft_is_listed_with_the_reason_and_no_score_or_place(with_counties):
    county = with_counties.hierarchy.county

    (result,) = plan_results(with_counties.plan, today=TODAY).organizations

    assert (result.name, result.total, result.base, result.rank, result.grade) == (
        county.name,
        None,
        None,
        None,
        "",
    )
    assert result.exclusion == "未签收，承接方案尚未发布，不参加排名"
    assert all(i.points is None for p in result.periods for i in p.items)  # nothing owed is counted as 0


def test_the_reason_says_how_much_of_the_cascade_the_county_signed_for(with_counties):
    personas, hierarchy = with_counties.personas, with_counties.hierarchy
    third = tasks_cascade(
        tasks=[Task.objects.get(plan=with_counties.plan, no="3")],
        organizations=[hierarchy.county],
        by=personas.supervisor,
    )[0]

    cascade_accept(link=third, by=hierarchy.county_supervisor)
    partly = plan_results(with_counties.plan, today=TODAY).organizations[0].exclusion
    for link in CascadeLink.objects.filter(organization=hierarchy.county, accepted_at__isnull=True):
        cascade_accept(link=link, by=hierarchy.county_supervisor)
    fully = plan_results(with_counties.plan, today=TODAY).organizations[0].exclusion

    assert partly == "已签收1/2项，承接方案尚未发布，不参加排名"
    assert fully == "已签收，承接方案尚未发布，不参加排名"


def test_once_its_plan_is_published_the_county_is_scored_and_a_draft_one_does_not_share_its_place(
    personas, settings
):
    settings.DUBAN_TODAY = TODAY.isoformat()
    city = cascaded(personas, 2)
    late = Organization.objects.create(name="县9", parent=personas.org)
    tasks_cascade(tasks=[city.task.plan.tasks.get(no="3")], organizations=[late], by=personas.supervisor)

    results = plan_results(city.plan, today=TODAY).organizations

    assert [(r.name, r.rank is not None, r.exclusion) for r in results] == [
        ("县0", True, ""),
        ("县1", True, ""),
        ("县9", False, "未签收，承接方案尚未发布，不参加排名"),
    ]
