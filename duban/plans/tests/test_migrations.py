from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from duban.plans.models import Milestone, MilestoneState
from duban.plans.models import Task as NewTask


@pytest.mark.django_db
def test_the_models_need_no_new_migrations():
    out = StringIO()
    # --check exits non-zero (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_the_data_migration_makes_the_documents_tasks_issue_deliverables_and_no_others(personas):
    import importlib

    from django.apps import apps

    from duban.plans.models import DocumentRef
    from duban.test import make_plan

    migration = importlib.import_module("duban.plans.migrations.0006_d18_document_deliverables")
    plan = make_plan(personas.org, tasks=8)
    DocumentRef.objects.filter(task__plan=plan).update(deliverable=False)

    migration.deliverables_mark(apps, None)

    marked = DocumentRef.objects.filter(task__plan=plan, deliverable=True).values_list("action", flat=True)
    assert sorted(marked) == ["issue", "issue"]
    assert DocumentRef.objects.filter(task__plan=plan, deliverable=False).count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_old_milestones_json_becomes_approved_nodes_and_their_figures():
    executor = MigrationExecutor(connection)
    executor.migrate([("plans", "0004_plan_doc_number")])
    old = executor.loader.project_state([("plans", "0004_plan_doc_number")]).apps
    org = old.get_model("accounts", "Organization").objects.create(name="旧组织")
    plan = old.get_model("plans", "Plan").objects.create(
        organization=org, title="旧方案", source_name="a.txt", source_sha256="0" * 64, source_file="a.txt"
    )
    Task = old.get_model("plans", "Task")
    Task.objects.create(
        organization=org,
        plan=plan,
        no="1",
        position=1,
        text="甲",
        milestones=[
            {"date": "2025-09-30", "title": "完成试点"},
            {"date": "2025-03-31", "title": "完成调研"},
            {"date": "六月", "title": "读不出日期"},
        ],
    )
    Task.objects.create(organization=org, plan=plan, no="2", position=2, text="乙")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    first, second = Task.objects.order_by("position").values_list("pk", flat=True)
    nodes = list(Milestone.objects.filter(task_id=first).order_by("position"))
    assert [(m.due_on.isoformat(), m.title, m.percent, m.state) for m in nodes] == [
        ("2025-03-31", "完成调研", 50, MilestoneState.APPROVED),
        ("2025-09-30", "完成试点", 100, MilestoneState.APPROVED),
    ]
    figures = NewTask.objects.get(pk=first).node_figures
    assert figures == [
        {"on": "2025-03-31", "pct": 50, "title": "完成调研", "done": None},
        {"on": "2025-09-30", "pct": 100, "title": "完成试点", "done": None},
    ]
    assert not Milestone.objects.filter(task_id=second).exists()
