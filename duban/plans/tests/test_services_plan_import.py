from decimal import Decimal
from pathlib import Path

import pytest

from duban.accounts.models import Unit
from duban.ingest import UnreadableDocument
from duban.plans import services
from duban.plans.models import (
    DocumentRef,
    Milestone,
    MilestoneState,
    Plan,
    PlanWarning,
    Section,
    Target,
    Task,
    TaskUnit,
)
from duban.plans.services import PlanAlreadyExists, plan_import
from duban.test import make_parsed_plan

PLAN_TABLES = (Plan, Section, Task, TaskUnit, Target, DocumentRef, PlanWarning)


@pytest.fixture
def fake_parse(monkeypatch):
    """Stand in for the parser: every document reads as a 5-task plan."""
    calls = []

    def parse(content, *, filename=None):
        calls.append((content, filename))
        return make_parsed_plan(5)

    monkeypatch.setattr(services, "parse", parse)
    return calls


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_it_stores_the_plan_with_sections_tasks_units_targets_and_documents(
    personas, fake_parse, _media_root
):
    result = plan_import(
        organization=personas.org, content=b"plan", filename="方案.txt", imported_by=personas.supervisor
    )

    plan = result.plan
    assert plan.title == "2025年全市教育工作任务分解方案"
    assert plan.issuer == "A市教育局"
    assert plan.year == 2025
    assert plan.source_name == "方案.txt"
    assert plan.imported_by == personas.supervisor
    assert fake_parse == [(b"plan", "方案.txt")]
    assert [(s.no, s.title) for s in plan.sections.all()] == [("一", "深化教育改革"), ("二", "扩大优质资源")]
    tasks = list(plan.tasks.for_display())
    assert [t.no for t in tasks] == ["1", "2", "3", "4", "5"]
    assert [t.section.no for t in tasks if t.section] == ["一", "一", "一", "二", "二"]
    assert tasks[0].lead_units == [personas.basic_ed, personas.finance]
    assert tasks[2].support_units == [personas.all_departments]
    assert tasks[1].lead_units == [personas.office]
    target = tasks[0].targets.all()[0]
    assert (target.metric, target.value, target.unit, target.op) == ("新增学位", Decimal("100"), "个", "+")
    assert tasks[0].documents.get().title == "第1号实施办法"
    assert plan.warnings.get().task_no == "1"
    assert result.units_created == []
    assert result.warnings[0].code == "units_joined"


def test_every_row_it_writes_carries_the_organization(personas, fake_parse):
    plan_import(organization=personas.org, content=b"plan", filename="plan.txt")

    for model in PLAN_TABLES:
        assert model.objects.exists()
        assert set(model.objects.values_list("organization", flat=True)) == {personas.org.pk}


def test_it_keeps_the_source_file(personas, fake_parse, _media_root):
    plan = plan_import(organization=personas.org, content=b"the bytes", filename="plan.TXT").plan

    assert plan.source_file.name.startswith(f"sources/{personas.org.pk}/")
    assert plan.source_file.name.endswith(".txt")
    assert plan.source_file.read() == b"the bytes"
    assert len(stored_files(_media_root)) == 1


def test_it_rejects_a_second_import_of_the_same_file(personas, fake_parse, _media_root):
    plan_import(organization=personas.org, content=b"plan", filename="plan.txt")

    with pytest.raises(PlanAlreadyExists, match="该文件已导入为方案《2025年全市教育工作任务分解方案》"):
        plan_import(organization=personas.org, content=b"plan", filename="renamed.txt")

    assert Plan.objects.count() == 1
    assert len(stored_files(_media_root)) == 1


def test_the_same_file_may_be_imported_by_another_organization(personas, fake_parse):
    plan_import(organization=personas.org, content=b"plan", filename="plan.txt")
    plan_import(organization=personas.other_org, content=b"plan", filename="plan.txt")

    assert Plan.objects.count() == 2


def test_it_replaces_the_earlier_import_when_asked(
    personas, fake_parse, _media_root, django_capture_on_commit_callbacks
):
    first = plan_import(organization=personas.org, content=b"plan", filename="plan.txt").plan

    with django_capture_on_commit_callbacks(execute=True):
        result = plan_import(organization=personas.org, content=b"plan", filename="plan.txt", replace=True)

    assert result.replaced
    assert list(Plan.objects.all()) == [result.plan]
    assert not Plan.objects.filter(pk=first.pk).exists()
    assert Task.objects.count() == 5
    assert [p.name for p in stored_files(_media_root)] == [Path(result.plan.source_file.name).name]


def test_a_failure_midway_leaves_no_rows_and_no_file(personas, fake_parse, _media_root, monkeypatch):
    units_before = Unit.objects.count()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Target.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        plan_import(organization=personas.org, content=b"new units", filename="plan.txt")

    for model in PLAN_TABLES:
        assert model.objects.count() == 0, model.__name__
    assert Unit.objects.count() == units_before
    assert stored_files(_media_root) == []


def test_a_failed_replacement_keeps_the_earlier_plan(personas, fake_parse, _media_root, monkeypatch):
    first = plan_import(organization=personas.org, content=b"plan", filename="plan.txt").plan

    monkeypatch.setattr(
        Target.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom"))
    )
    with pytest.raises(RuntimeError):
        plan_import(organization=personas.org, content=b"plan", filename="plan.txt", replace=True)

    assert list(Plan.objects.all()) == [first]
    assert Task.objects.count() == 5
    assert stored_files(_media_root) == [Path(first.source_file.path)]


def test_it_writes_nothing_when_the_parser_refuses_the_file(personas, monkeypatch, _media_root):
    def refuse(content, *, filename=None):
        raise UnreadableDocument("文件为空")

    monkeypatch.setattr(services, "parse", refuse)
    with pytest.raises(UnreadableDocument):
        plan_import(organization=personas.org, content=b"", filename="empty.txt")

    assert Plan.objects.count() == 0
    assert stored_files(_media_root) == []


def test_the_nodes_a_tasks_text_gives_are_stored_as_a_proposed_plan(personas, _media_root):
    content = (
        "序号\t主要工作\t牵头单位\t完成时限\n"
        "1\t上半年完成调研摸底，第三季度末前完成试点，年底前全面推开\t基教处\t2025年12月底\n"
        "2\t推进教育数字化转型\t办公室\t2025年12月底\n"
    ).encode()

    result = plan_import(
        organization=personas.org, content=content, filename="方案.txt", imported_by=personas.supervisor
    )

    first, second = result.plan.tasks.order_by("position")
    nodes = list(Milestone.objects.filter(task=first).order_by("position"))
    assert [(m.due_on.isoformat(), m.title, m.percent, m.state) for m in nodes] == [
        ("2025-06-30", "完成调研摸底", 33, MilestoneState.PROPOSED),
        ("2025-09-30", "完成试点", 67, MilestoneState.PROPOSED),
        ("2025-12-31", "全面推开", 100, MilestoneState.PROPOSED),
    ]
    assert {m.organization_id for m in nodes} == {personas.org.pk}
    assert nodes[0].proposed_by == personas.supervisor
    assert first.node_figures == []  # proposed only: the rules keep the straight line until approved
    assert not Milestone.objects.filter(task=second).exists()
