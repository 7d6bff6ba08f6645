"""A backup restored gives back every row and every stored file."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from duban.ops.backup import BackupError, backup_restore, backup_write
from duban.plans.models import Plan
from duban.plans.services import plan_import
from duban.test import make_personas
from duban.testdata import FOUNDING_DOCUMENT


def _every_row() -> str:
    models = [m for m in apps.get_models() if m._meta.app_label not in {"sessions", "admin", "contenttypes"}]
    rows = []
    for model in models:
        rows.extend(json.loads(serializers.serialize("json", model._default_manager.order_by("pk"))))
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)


@pytest.fixture
def imported(transactional_db):
    # Committed rows: pg_dump and the SQLite backup read from outside the test's transaction.
    organization = make_personas().org
    content = FOUNDING_DOCUMENT.read_bytes()
    return plan_import(organization=organization, content=content, filename="plan.txt").plan


def test_a_restored_backup_gives_back_every_row_and_file(imported, tmp_path, settings):
    before = _every_row()
    source_file = Path(imported.source_file.path)
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_write(destination=archive)
    assert manifest.files == 1

    Plan.objects.all().delete()
    source_file.unlink()
    assert _every_row() != before

    backup_restore(source=archive)
    assert _every_row() == before
    assert source_file.read_bytes() == FOUNDING_DOCUMENT.read_bytes()


def test_restore_refuses_a_file_that_is_not_a_backup(transactional_db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a backup")
    with pytest.raises(BackupError, match="无法读取备份文件"):
        backup_restore(source=bogus)


def test_restore_asks_for_confirmation(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))


def test_the_backup_command_writes_an_archive(transactional_db, tmp_path, capsys):
    call_command("backup", "-o", str(tmp_path / "b.tar.gz"))
    assert (tmp_path / "b.tar.gz").exists()
    assert not (tmp_path / "b.tar.gz.partial").exists()
