"""Writes of 考核: checked whole, refused in Chinese with nothing changed, every one in the trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from duban.accounts.models import Organization
from duban.assessment.audit_text import assessment_sentence
from duban.assessment.models import AssessmentEntry, AssessmentScheme
from duban.assessment.rules import Item, ItemKind
from duban.assessment.selectors import plan_scheme
from duban.assessment.services import AssessmentRefused, entry_add, entry_remove, scheme_save
from duban.assessment.tests.conftest import half_year
from duban.lib.errors import NotAllowed
from duban.tracking.models import AuditEntry

DAY = dt.date(2025, 5, 6)


def _entry(assessed, **overrides):
    values = {
        "plan": assessed.plan,
        "unit": assessed.personas.finance,
        "kind": "deduction",
        "points": Decimal("1.5"),
        "reason": "未按时报送二季度进展。",
        "evidence_kind": "criticism",
        "evidence": "督查通报第3期",
        "occurred_on": DAY,
        "by": assessed.personas.supervisor,
    }
    return entry_add(**{**values, **overrides})


def _sentences(plan) -> list[str]:
    return [
        assessment_sentence(
            actor=e.actor.display_name if e.actor else "", action=e.action, before=e.before, after=e.after
        )
        for e in AuditEntry.objects.filter(plan=plan, action__startswith="assessment").order_by("pk")
    ]


def test_a_scheme_whose_weights_do_not_add_up_is_refused_and_the_saved_one_stays(assessed):
    wrong = replace(half_year(), items=(Item(ItemKind.COMPLETION, 70),))

    with pytest.raises(AssessmentRefused) as refused:
        scheme_save(plan=assessed.plan, scheme=wrong, by=assessed.personas.supervisor)

    assert refused.value.fields["items"] == ["考核项目的权重合计须为100，现为70。"]
    scheme, saved = plan_scheme(assessed.plan)
    assert saved and scheme == half_year()


def test_only_a_supervisor_saves_a_scheme_or_records_an_entry(assessed):
    for user in (assessed.personas.leader, assessed.personas.liaison, assessed.personas.admin):
        with pytest.raises(NotAllowed):
            scheme_save(plan=assessed.plan, scheme=half_year(), by=user)
        with pytest.raises(NotAllowed):
            _entry(assessed, by=user)
    assert AssessmentEntry.objects.count() == 0


def test_saving_a_scheme_is_told_in_the_trail_with_its_items_and_periods(assessed):
    assert _sentences(assessed.plan) == [
        "supervisor 制定考核细则：考核项目：按时报送率20分、按期办结率25分、办结率15分、目标达成率15分、"
        "序时达标率15分、报送质量10分；考核期间：一季度40%、二季度60%；"
        "等次：优秀≥90、良好≥80、合格≥60、不合格≥0；优秀比例不限；加分上限不限；扣分上限不限"
    ]


def test_an_entry_and_its_withdrawal_are_both_in_the_trail_in_words(assessed):
    entry = _entry(assessed)

    entry_remove(entry_id=entry.pk, plan=assessed.plan, by=assessed.personas.supervisor)

    assert AssessmentEntry.objects.count() == 0
    assert _sentences(assessed.plan)[1:] == [
        "supervisor 登记扣分：计财处 1.5分，事由：未按时报送二季度进展。（依据：通报批评，督查通报第3期）",
        "supervisor 撤销扣分：计财处 1.5分，事由：未按时报送二季度进展。（依据：通报批评，督查通报第3期）",
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": "  "}, "reason", "请写明加分、扣分或一票否决的事由。"),
        ({"points": Decimal(0)}, "points", "加分、扣分的分值须大于0，至多两位小数，不超过100。"),
        ({"points": None}, "points", "加分、扣分的分值须大于0，至多两位小数，不超过100。"),
        ({"points": Decimal("0.125")}, "points", "加分、扣分的分值须大于0，至多两位小数，不超过100。"),
        ({"kind": "veto", "points": Decimal(2)}, "points", "一票否决不计分值，请不要填写分值。"),
        ({"kind": "bonus!"}, "kind", "类别只能是加分、扣分或一票否决。"),
        ({"evidence_kind": "rumour"}, "evidence_kind", "依据类别只能是表扬、通报批评、领导批示肯定或其他。"),
    ],
)
def test_a_wrong_entry_is_refused_beside_its_field_and_nothing_is_written(
    assessed, overrides, field, message
):
    with pytest.raises(AssessmentRefused) as refused:
        _entry(assessed, **overrides)

    assert refused.value.fields[field] == [message]
    assert AssessmentEntry.objects.count() == 0


def test_a_collective_or_a_unit_leading_nothing_cannot_be_given_points(assessed):
    for unit in (assessed.personas.all_departments,):
        with pytest.raises(AssessmentRefused) as refused:
            _entry(assessed, unit=unit)
        assert refused.value.fields["unit"] == ["该单位在本方案中没有牵头任务，不参加考核。"]


def test_a_veto_is_recorded_without_points(assessed):
    entry = _entry(assessed, kind="veto", points=None, reason="发生重大安全责任事故。", evidence_kind="other")

    assert entry.points == 0
    assert AssessmentScheme.objects.filter(plan=assessed.plan).count() == 1
    assert _sentences(assessed.plan)[-1] == (
        "supervisor 登记一票否决：计财处，事由：发生重大安全责任事故。（依据：其他，督查通报第3期）"
    )


def test_a_county_holding_tasks_of_the_plan_gets_an_entry_and_the_trail_names_it(with_counties):
    county = with_counties.hierarchy.county

    entry = _entry(with_counties, unit=None, subordinate=county, kind="bonus", evidence_kind="praise")

    assert (entry.unit, entry.subordinate, entry.subject_name) == (None, county, "甲县教育局")
    assert entry.organization_id == with_counties.plan.organization_id  # the parent's record
    assert _sentences(with_counties.plan)[-1] == (
        "supervisor 登记加分：甲县教育局 1.5分，事由：未按时报送二季度进展。（依据：表扬，督查通报第3期）"
    )
    entry_remove(entry_id=entry.pk, plan=with_counties.plan, by=with_counties.personas.supervisor)
    assert _sentences(with_counties.plan)[-1].startswith("supervisor 撤销加分：甲县教育局 1.5分")


def test_an_organisation_without_tasks_of_the_plan_or_not_below_it_gets_no_entry(with_counties):
    personas, hierarchy = with_counties.personas, with_counties.hierarchy
    below_the_county = Organization.objects.create(name="甲县实验学校", parent=hierarchy.county)
    refusals = {
        hierarchy.sibling: "该下级组织没有承接本方案的任务，不参加本方案的考核。",
        personas.other_org: "该组织不是本单位的下级组织，不能在本方案中加扣分。",
        personas.org: "该组织不是本单位的下级组织，不能在本方案中加扣分。",
        below_the_county: "该组织不是本单位的下级组织，不能在本方案中加扣分。",
    }

    for organization, message in refusals.items():
        with pytest.raises(AssessmentRefused) as refused:
            _entry(with_counties, unit=None, subordinate=organization)
        assert refused.value.fields == {"subordinate": [message]}, organization.name
    assert AssessmentEntry.objects.count() == 0


@pytest.mark.parametrize("both", [True, False])
def test_an_entry_names_exactly_one_subject(with_counties, both):
    subjects = {"unit": with_counties.personas.finance if both else None, "subordinate": None}
    if both:
        subjects["subordinate"] = with_counties.hierarchy.county

    with pytest.raises(AssessmentRefused) as refused:
        _entry(with_counties, **subjects)

    assert refused.value.fields["unit"] == ["请选择一个被考核的单位或下级组织（二者选一）。"]
    assert AssessmentEntry.objects.count() == 0


def test_the_database_refuses_an_entry_on_both_a_unit_and_a_county(with_counties):
    entry = _entry(with_counties)
    entry.subordinate = with_counties.hierarchy.county

    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_neither_the_county_nor_the_parents_other_people_record_an_entry_on_a_county(with_counties):
    hierarchy, personas = with_counties.hierarchy, with_counties.personas
    people = (hierarchy.county_supervisor, hierarchy.sibling_supervisor, personas.liaison, personas.leader)
    for user in people:
        with pytest.raises(NotAllowed):
            _entry(with_counties, unit=None, subordinate=hierarchy.county, by=user)
    assert AssessmentEntry.objects.count() == 0
