"""`duban restore FILE --yes` brings back what `duban backup -o FILE` saved: rows and stored files."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from duban.ops.backup import engine
from duban.ops.tests.test_backup import _every_row
from duban.plans.models import Plan
from duban.plans.services import plan_import
from duban.test import make_personas
from duban.testdata import FOUNDING_DOCUMENT


@pytest.fixture
def imported(transactional_db):
    # Committed rows: the backup reads the database from outside the test's transaction.
    organization = make_personas().org
    return plan_import(
        organization=organization, content=FOUNDING_DOCUMENT.read_bytes(), filename="plan.txt"
    ).plan


def test_the_restore_command_gives_back_what_the_backup_command_saved(imported, tmp_path):
    before = _every_row()
    source_file = Path(imported.source_file.path)
    archive = tmp_path / "duban-backup.tar.gz"
    call_command("backup", "-o", str(archive), stdout=StringIO())

    Plan.objects.all().delete()
    source_file.unlink()
    out = StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)

    assert out.getvalue().startswith(f"已从 {archive} 恢复（{engine()}，创建于 ")
    assert _every_row() == before
    assert source_file.read_bytes() == FOUNDING_DOCUMENT.read_bytes()


def test_the_restore_command_refuses_a_file_that_is_not_a_backup_and_changes_nothing(imported, tmp_path):
    before = _every_row()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a backup")

    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(bogus), "--yes")

    assert _every_row() == before
