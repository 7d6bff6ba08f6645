import getpass
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ops.backup import BackupError, backup_write

PASSPHRASE_ENV = "DUBAN_BACKUP_PASSPHRASE"


class Command(BaseCommand):
    help = "备份数据库与已存文件到一个归档文件（SQLite 在线备份；PostgreSQL 用 pg_dump），可用口令加密"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="备份文件路径，如 backup-2026-11-29.tar.gz")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=f"用口令加密（口令取自环境变量 {PASSPHRASE_ENV}，未设置时提示输入两次）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        destination = Path(options["output"])
        passphrase = _new_passphrase() if options["encrypt"] else None
        try:
            manifest = backup_write(destination=destination, passphrase=passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sealed = "，已加密" if passphrase else ""
        self.stdout.write(f"已备份（{manifest.engine}，文件 {manifest.files} 个{sealed}）到 {destination}")


def _new_passphrase() -> str:
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if not passphrase:
        passphrase = getpass.getpass("备份口令：")
        if getpass.getpass("再输入一次：") != passphrase:
            raise CommandError("两次输入的口令不一致")
    if len(passphrase) < 12:
        raise CommandError("口令至少 12 个字符")
    return passphrase
