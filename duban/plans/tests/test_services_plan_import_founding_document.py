"""The founding document (台州市教育局, 2019) through the real parser into the database."""

import pytest

from duban.accounts.models import Unit, UnitKind
from duban.plans.models import Task
from duban.plans.services import plan_import
from duban.test import make_organization
from duban.testdata import FOUNDING_DOCUMENT


@pytest.fixture
def founding(db):
    return plan_import(
        organization=make_organization("台州市教育局"),
        content=FOUNDING_DOCUMENT.read_bytes(),
        filename=FOUNDING_DOCUMENT.name,
    )


def units_of(plan, no):
    task = Task.objects.for_display().get(plan=plan, no=no)
    return [u.name for u in task.lead_units], [u.name for u in task.support_units]


def test_it_imports_100_tasks_in_7_sections(founding):
    plan = founding.plan
    assert plan.title == "2019年全市教育工作任务分解方案"
    assert plan.issuer == "台州市教育局"
    assert plan.sections.count() == 7
    assert plan.tasks.count() == 100
    assert [t.no for t in plan.tasks.order_by("position")] == [str(n) for n in range(1, 101)]


def test_it_creates_the_20_units_the_document_names(founding):
    assert len(founding.units_created) == 20
    assert founding.units_matched == []
    assert Unit.objects.filter(organization=founding.plan.organization).count() == 20
    assert (
        Unit.objects.get(organization=founding.plan.organization, name="各处室").kind == UnitKind.COLLECTIVE
    )


def test_it_links_lead_and_support_units_as_the_document_does(founding):
    plan = founding.plan
    assert units_of(plan, "1") == (["办公室"], ["各处室"])
    assert units_of(plan, "5") == (["督导处"], [])
    assert units_of(plan, "13") == (["基教处", "计财处", "人事处"], [])
    assert units_of(plan, "15") == (["计财处", "职成教处"], ["基教处", "人事处"])
    assert units_of(plan, "98") == (["组织处", "基教处", "教育工会"], ["各处室"])


def test_it_stores_the_targets_of_task_13(founding):
    task = Task.objects.get(plan=founding.plan, no="13")
    assert "新增学位6000个" in [t.text for t in task.targets.all()]
