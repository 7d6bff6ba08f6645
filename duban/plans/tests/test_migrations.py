from io import StringIO

import pytest
from django.core.management import call_command


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

    migration = importlib.import_module("duban.plans.migrations.0005_d18_document_deliverables")
    plan = make_plan(personas.org, tasks=8)
    DocumentRef.objects.filter(task__plan=plan).update(deliverable=False)

    migration.deliverables_mark(apps, None)

    marked = DocumentRef.objects.filter(task__plan=plan, deliverable=True).values_list("action", flat=True)
    assert sorted(marked) == ["issue", "issue"]
    assert DocumentRef.objects.filter(task__plan=plan, deliverable=False).count() == 6
