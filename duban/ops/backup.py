"""Backups as one archive: the database (SQLite online backup or pg_dump) and the stored files.

The archive holds manifest.json, the database image and files/ (plan sources, evidence). It is written
readable by its owner only (0600) and leaves out the sessions table's rows: a session key taken from a
backup would sign its user in. Restore checks the whole archive (readable, complete, a Duban manifest, a
database image of the running engine) before it changes anything.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from duban.ops.sealing import SealError, is_sealed, seal, unseal

FORMAT_VERSION = 1
PG_TIMEOUT_SECONDS = 3600
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Live sign-ins are not data to keep: restored users sign in again.
LEFT_OUT_TABLE = "django_session"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Chinese."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, written first so restore can refuse a mismatch before touching data."""

    version: int
    engine: str
    created_at: str
    database_file: str
    files: int


def engine() -> str:
    """sqlite or postgresql: the two engines Duban runs on."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持备份 {vendor} 数据库")
    return vendor


def backup_write(*, destination: Path, passphrase: str | None = None) -> Manifest:
    """Write the database and the stored files to `destination`; sealed when given a passphrase."""
    kind = engine()
    with tempfile.TemporaryDirectory(prefix="duban-backup-") as work:
        folder = Path(work)
        database_file = DATABASE_FILES[kind]
        if kind == "sqlite":
            _sqlite_backup(folder / database_file)
        else:
            _pg(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--exclude-table-data={LEFT_OUT_TABLE}",
                    "-f",
                    str(folder / database_file),
                ]
            )
        files_root = Path(settings.MEDIA_ROOT)
        files = [p for p in files_root.rglob("*") if p.is_file()] if files_root.exists() else []
        manifest = Manifest(
            FORMAT_VERSION, kind, dt.datetime.now(dt.UTC).isoformat(), database_file, len(files)
        )
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        partial.unlink(missing_ok=True)
        plain = folder / "backup.tar.gz" if passphrase else partial
        # Created 0600 from the start: the archive holds every user's data and password hashes.
        with (
            os.fdopen(os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz") as archive,
        ):
            _add_bytes(archive, "manifest.json", json.dumps(manifest.__dict__, ensure_ascii=False).encode())
            archive.add(folder / database_file, arcname=database_file)
            for path in files:
                archive.add(path, arcname=f"files/{path.relative_to(files_root).as_posix()}")
        if passphrase:
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as sealed:
                seal(plain, sealed, passphrase)
        # Renamed only once complete, so a half-written archive never looks like a backup.
        partial.replace(destination)
    return manifest


def backup_is_sealed(source: Path) -> bool:
    """Whether the backup at `source` is encrypted (restore then needs its passphrase)."""
    try:
        return is_sealed(source)
    except OSError as exc:
        raise BackupError(f"无法读取备份文件：{source}") from exc


def backup_restore(*, source: Path, passphrase: str | None = None) -> Manifest:
    """Replace the database and the stored files with the contents of a backup archive."""
    kind = engine()
    shown = source
    with tempfile.TemporaryDirectory(prefix="duban-restore-") as work:
        folder = Path(work)
        if backup_is_sealed(source):
            if not passphrase:
                raise BackupError("该备份已加密：请在环境变量 DUBAN_BACKUP_PASSPHRASE 中或按提示输入口令")
            opened = folder / "backup.tar.gz"
            try:
                with opened.open("wb") as plain:
                    unseal(source, plain, passphrase)
            except SealError as exc:
                raise BackupError(str(exc)) from exc
            source = opened
        return _restore_archive(source, folder / "unpacked", kind, shown=shown)


def _restore_archive(source: Path, folder: Path, kind: str, *, shown: Path) -> Manifest:
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{shown}") from exc
    with archive:
        try:
            manifest = _manifest(archive)
            if manifest.engine != kind:
                raise BackupError(f"备份来自 {manifest.engine} 数据库，当前为 {kind}，不能直接恢复")
            # Everything is unpacked and checked before the database or the files are touched.
            archive.extractall(folder, filter="data")
        except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
            raise BackupError(f"备份文件不完整或已损坏：{shown}") from exc
        database = folder / manifest.database_file
        if manifest.database_file != DATABASE_FILES[kind] or not database.is_file():
            raise BackupError("备份文件中缺少数据库映像，不是完整的 Duban 备份")
        if kind == "sqlite":
            _sqlite_check(database)
            _sqlite_restore(database)
        else:
            _pg_restore(database)
        _files_restore(folder / "files")
    return manifest


def _manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile("manifest.json")
        data: dict[str, Any] = json.loads(member.read() if member else b"")
        manifest = Manifest(**data)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise BackupError("备份文件缺少有效的清单（manifest.json），不是 Duban 的备份") from exc
    if not isinstance(manifest.version, int) or not isinstance(manifest.database_file, str):
        raise BackupError("备份文件缺少有效的清单（manifest.json），不是 Duban 的备份")
    if manifest.version > FORMAT_VERSION:
        raise BackupError(f"备份格式版本 {manifest.version} 比本程序支持的 {FORMAT_VERSION} 新，请先升级")
    return manifest


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent image while others keep reading and writing.
        connection.connection.backup(destination)
        # VACUUM rewrites the file, so the deleted sessions leave nothing behind in free pages.
        destination.execute(f"DELETE FROM {LEFT_OUT_TABLE}")
        destination.commit()
        destination.execute("VACUUM")
    finally:
        destination.close()


def _sqlite_check(image: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{image}?mode=ro", uri=True)) as database:
            (verdict,) = database.execute("PRAGMA quick_check").fetchone()
            database.execute("SELECT 1 FROM django_migrations LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError("备份中的数据库映像已损坏，不能恢复") from exc
    if verdict != "ok":
        raise BackupError("备份中的数据库映像已损坏，不能恢复")


def _sqlite_restore(image: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(image)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(image: Path) -> None:
    connection.close()
    _pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(image),
        ],
        database_flag=True,
    )


def _pg(command: list[str], *, database_flag: bool = False) -> None:
    db = connection.settings_dict
    name = db["NAME"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [*command[:1]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    args += command[1:]
    args = [*args[:-1], "-d", name, args[-1]] if database_flag else [*args, name]
    if shutil.which(command[0]) is None:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian 软件包 postgresql-client）")
    try:
        result = subprocess.run(
            args, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{command[0]} 超时") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:500]}")


def _files_restore(extracted: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)
    if extracted.exists():
        shutil.copytree(extracted, root)
    else:
        root.mkdir(parents=True, exist_ok=True)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))
