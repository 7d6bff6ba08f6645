"""`duban remind [--date YYYY-MM-DD]`: send the reminders due; run it daily from cron or a systemd timer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.lib import clock
from duban.tracking.services.reminders import reminders_run, units_with_reminders


class Command(BaseCommand):
    help = "发送到期的报送提醒与逾期提醒，并重试发送失败的消息；同一周期重复运行不会重复发送。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按此日期（YYYY-MM-DD）计算应发的提醒，默认今天。")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from None
        result = reminders_run(today=today)
        self.stdout.write(f"{today:%Y-%m-%d}：新提醒 {len(result.reminders)} 条")
        for unit, count in sorted(units_with_reminders(result.reminders).items()):
            self.stdout.write(f"  {unit}：{count} 条")
        self.stdout.write(f"发送成功 {result.sent} 条，失败 {result.failed} 条（失败的将在下次运行时重试）")
        if result.failed:
            self.stderr.write(self.style.WARNING(f"有 {result.failed} 条消息发送失败，详见“发送记录”。"))
