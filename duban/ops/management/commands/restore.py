from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复数据库与已存文件（会覆盖当前数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="duban backup 生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖当前数据库与文件；确认无误后请加 --yes 重新运行")
        try:
            manifest = backup_restore(source=Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已从 {options['file']} 恢复（{manifest.engine}，创建于 {manifest.created_at}）")
