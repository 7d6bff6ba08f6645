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


def test_a_backup_is_readable_by_its_owner_only(transactional_db, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_write(destination=archive)
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_backup_leaves_out_the_signed_in_sessions(transactional_db, tmp_path):
    import sqlite3
    import tarfile

    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite image; pg_dump is given --exclude-table-data")
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    archive = tmp_path / "b.tar.gz"
    backup_write(destination=archive)

    with tarfile.open(archive) as opened:
        image = opened.extractfile("database.sqlite3")
        assert image is not None
        content = image.read()
    assert session.session_key
    assert session.session_key.encode() not in content
    (tmp_path / "image.sqlite3").write_bytes(content)
    with sqlite3.connect(tmp_path / "image.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM django_session").fetchone() == (0,)


def _archive_of(tmp_path, members):
    import io
    import tarfile

    path = tmp_path / "made.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    "damage",
    ["not a tar", "truncated", "manifest of a list", "newer manifest", "no database image", "damaged image"],
)
def test_restoring_a_bad_archive_answers_one_line_and_changes_nothing(imported, tmp_path, damage):
    before = _every_row()
    good = tmp_path / "good.tar.gz"
    backup_write(destination=good)
    manifest = {
        "version": 1,
        "engine": "sqlite",
        "created_at": "x",
        "database_file": "database.sqlite3",
        "files": 0,
    }
    if damage == "not a tar":
        bad = tmp_path / "bad.tar.gz"
        bad.write_bytes(b"\x1f\x8b not really gzip")
    elif damage == "truncated":
        bad = tmp_path / "bad.tar.gz"
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "manifest of a list":
        bad = _archive_of(tmp_path, {"manifest.json": b"[1, 2]"})
    elif damage == "newer manifest":
        bad = _archive_of(tmp_path, {"manifest.json": json.dumps({**manifest, "version": "9"}).encode()})
    elif damage == "no database image":
        bad = _archive_of(tmp_path, {"manifest.json": json.dumps(manifest).encode()})
    else:
        bad = _archive_of(
            tmp_path,
            {
                "manifest.json": json.dumps(manifest).encode(),
                "database.sqlite3": b"SQLite format 3\x00" + b"\x00" * 80,
            },
        )
    from django.db import connection

    if connection.vendor != "sqlite" and damage in {
        "manifest of a list",
        "no database image",
        "damaged image",
    }:
        pytest.skip("the hand-made archives are SQLite ones")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad), "--yes")
    assert "\n" not in str(refused.value) and str(refused.value)
    assert _every_row() == before


def test_an_encrypted_backup_restores_with_its_passphrase_and_holds_no_plain_text(
    imported, tmp_path, monkeypatch
):
    before = _every_row()
    archive = tmp_path / "sealed.bin"
    monkeypatch.setenv("DUBAN_BACKUP_PASSPHRASE", "correct horse battery staple")
    call_command("backup", "-o", str(archive), "--encrypt")
    content = archive.read_bytes()
    assert b"manifest.json" not in content and b"SQLite format 3" not in content
    assert archive.stat().st_mode & 0o777 == 0o600

    Plan.objects.all().delete()
    call_command("restore", str(archive), "--yes")
    assert _every_row() == before


@pytest.mark.parametrize("damage", ["wrong passphrase", "truncated", "no passphrase"])
def test_an_encrypted_backup_refuses_a_wrong_passphrase_or_damage_in_one_line(imported, tmp_path, damage):
    archive = tmp_path / "sealed.bin"
    backup_write(destination=archive, passphrase="correct horse battery staple")
    before = _every_row()
    if damage == "truncated":
        archive.write_bytes(archive.read_bytes()[:-5])
    with pytest.raises(BackupError) as refused:
        backup_restore(
            source=archive,
            passphrase={"wrong passphrase": "wrong horse", "truncated": "correct horse battery staple"}.get(
                damage
            ),
        )
    assert "\n" not in str(refused.value) and ("口令" in str(refused.value))
    assert _every_row() == before
