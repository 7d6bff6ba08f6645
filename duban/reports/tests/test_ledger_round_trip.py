"""A ledger re-imports through `duban import` as the same plan."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.ingest import ParsedPlan, parse
from duban.plans.models import Plan
from duban.plans.services import PlanAlreadyExists, plan_import
from duban.reports.adapters import ledger_data_from_plan
from duban.reports.ledger import ledger_xlsx
from duban.test import Personas, make_organization, make_plan
from duban.testdata import FOUNDING_DOCUMENT as SEED

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 7, 10)


def _tasks(parsed: ParsedPlan) -> list[tuple[object, ...]]:
    return [
        (
            t.no,
            t.section_no,
            t.text,
            t.lead_units,
            t.support_units,
            [(x.metric, float(x.value), x.unit, x.op) for x in t.targets],
        )
        for t in parsed.tasks
    ]


def test_the_founding_documents_ledger_parses_back_into_the_same_tasks(db: None):
    # A new organisation has no aliases, so the stored unit names are the document's own.
    plan = plan_import(organization=make_organization(), content=SEED.read_bytes(), filename=SEED.name).plan
    original = parse(SEED)

    back = parse(ledger_xlsx(ledger_data_from_plan(plan, today=TODAY)), filename="台账.xlsx")

    assert len(back.tasks) == len(original.tasks) == 100
    assert _tasks(back) == _tasks(original)
    assert [(s.no, s.title) for s in back.sections] == [(s.no, s.title) for s in original.sections]
    assert back.plan.title == original.plan.title
    assert back.plan.year == 2019


def test_the_ledger_reimports_as_a_plan_with_the_same_tasks_units_and_targets(personas: Personas):
    plan = plan_import(organization=personas.org, content=SEED.read_bytes(), filename=SEED.name).plan
    content = ledger_xlsx(ledger_data_from_plan(plan, today=TODAY))

    again = plan_import(organization=personas.other_org, content=content, filename="台账.xlsx").plan

    def shape(p):
        return [
            (
                t.no,
                t.section.no if t.section else None,
                t.text,
                [u.name for u in t.lead_units],
                [u.name for u in t.support_units],
                [(x.metric, x.value, x.unit, x.op) for x in t.targets.all()],
                t.deadline,
            )
            for t in p.tasks.select_related("section").prefetch_related("task_units__unit", "targets")
        ]

    assert shape(again) == shape(plan)
    assert list(again.sections.values_list("no", "title")) == list(plan.sections.values_list("no", "title"))


def test_deadlines_extensions_and_tasks_outside_sections_survive_the_round_trip(personas: Personas):
    plan = make_plan(personas.org, tasks=4)
    first, second = plan.tasks.order_by("position")[:2]
    first.deadline, first.deadline_text = dt.date(2025, 6, 30), "6月底前"
    first.extended_deadline = dt.date(2025, 9, 30)
    first.save()
    second.section = None
    second.save()

    back = parse(ledger_xlsx(ledger_data_from_plan(plan, today=TODAY)), filename="ledger.xlsx")

    by_no = {t.no: t for t in back.tasks}
    assert by_no["1"].deadline == dt.date(2025, 6, 30)
    assert by_no["2"].section_no is None
    assert [t.no for t in back.tasks] == ["2", "1", "3", "4"]
    assert {t.section_no for t in back.tasks if t.no != "2"} == {"一", "二"}


def test_the_plans_notice_travels_in_the_ledger_and_comes_back_on_import(personas: Personas):
    plan = make_plan(personas.org, tasks=3)
    plan.doc_number, plan.issue_date = "教发〔2025〕3号", dt.date(2025, 3, 1)
    plan.save()

    back = parse(ledger_xlsx(ledger_data_from_plan(plan, today=TODAY)), filename="台账.xlsx").plan

    assert (back.notice_title, back.document_number) == (plan.notice_title, "教发〔2025〕3号")
    assert (back.issuer, back.issue_date) == ("A市教育局", dt.date(2025, 3, 1))
    assert (back.addressees, back.cc) == ("各处室、直属单位", "各县（市、区）教育局")
    assert back.title == plan.title


def test_importing_a_ledger_fills_the_plans_doc_number(personas: Personas):
    plan = make_plan(personas.org, tasks=3)
    plan.doc_number = "教发〔2025〕3号"
    plan.save()

    again = plan_import(
        organization=personas.other_org,
        content=ledger_xlsx(ledger_data_from_plan(plan, today=TODAY)),
        filename="台账.xlsx",
    ).plan

    assert (again.doc_number, again.notice_title, again.cc) == (plan.doc_number, plan.notice_title, plan.cc)


def test_importing_the_ledger_of_a_plan_already_there_asks_to_replace_it(personas: Personas):
    plan = make_plan(personas.org, tasks=3)
    content = ledger_xlsx(ledger_data_from_plan(plan, today=TODAY))

    with pytest.raises(PlanAlreadyExists, match="同名方案"):
        plan_import(organization=personas.org, content=content, filename="台账.xlsx")
    assert Plan.objects.filter(organization=personas.org).count() == 1

    again = plan_import(organization=personas.org, content=content, filename="台账.xlsx", replace=True).plan
    assert list(Plan.objects.filter(organization=personas.org)) == [again]
