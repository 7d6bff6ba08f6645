from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ops.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "备份数据库与已存文件到一个归档文件（SQLite 在线备份；PostgreSQL 用 pg_dump）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="备份文件路径，如 backup-2026-11-29.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        destination = Path(options["output"])
        try:
            manifest = backup_write(destination=destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已备份（{manifest.engine}，文件 {manifest.files} 个）到 {destination}")
