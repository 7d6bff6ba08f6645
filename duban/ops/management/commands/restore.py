import getpass
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ops.backup import BackupError, backup_is_sealed, backup_restore
from duban.ops.management.commands.backup import PASSPHRASE_ENV


class Command(BaseCommand):
    help = "从备份恢复数据库与已存文件（覆盖当前数据）；加密备份的口令取自 DUBAN_BACKUP_PASSPHRASE 或提示"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="duban backup 生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖当前数据库与文件；确认无误后请加 --yes 重新运行")
        source = Path(options["file"])
        try:
            passphrase = None
            if backup_is_sealed(source):
                passphrase = os.environ.get(PASSPHRASE_ENV) or getpass.getpass("备份口令：")
            manifest = backup_restore(source=source, passphrase=passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已从 {options['file']} 恢复（{manifest.engine}，创建于 {manifest.created_at}）")
