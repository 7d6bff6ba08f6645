"""`duban export ledger|circular|matrix|csv|json PLAN [--unit U] [--period P] -o FILE`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from duban.accounts.models import Unit
from duban.lib import clock
from duban.lib.numbers import ascii_int
from duban.plans.models import Plan
from duban.reports.adapters import ExportRefused
from duban.reports.charts import CjkFontMissing
from duban.reports.exports import EXPORT_KINDS, export_render
from duban.reports.periods import PERIOD_HELP, InvalidPeriod, parse_period
from duban.reports.tabular import CSV_TABLES


class Command(BaseCommand):
    help = "导出方案的台账、通报、责任矩阵、CSV 或 JSON 文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=EXPORT_KINDS, help="导出类型")
        parser.add_argument("plan", type=int, help="方案编号")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径，“-”为标准输出")
        parser.add_argument("--unit", help="只导出该单位的部分（单位名称、简称或编号）")
        parser.add_argument("--period", help=f"通报期间：{PERIOD_HELP}；默认上月")
        parser.add_argument("--table", choices=CSV_TABLES, default="tasks", help="CSV 导出哪张表")
        parser.add_argument("--opening", help="通报开头语（默认使用标准开头语）")
        parser.add_argument("--date", help="按哪一天统计（YYYY-MM-DD），默认今天")
        parser.add_argument("--no-chart", action="store_true", help="通报中不插入图表")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.select_related("organization").filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"方案 {options['plan']} 不存在")
        try:
            period = parse_period(options["period"]) if options["period"] else None
            today = clock.today() if not options["date"] else _date(options["date"])
            export = export_render(
                plan=plan,
                kind=options["kind"],
                today=today,
                unit=_unit(plan, options["unit"]) if options["unit"] else None,
                period=period,
                table=options["table"],
                opening=options["opening"],
                chart=not options["no_chart"],
            )
        except (InvalidPeriod, CjkFontMissing, ExportRefused) as exc:
            raise CommandError(str(exc)) from exc
        if options["output"] == "-":
            sys.stdout.buffer.write(export.content)
            return
        path = Path(options["output"])
        try:
            path.write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"已导出 {path}（{len(export.content)} 字节）"))


def _unit(plan: Plan, wanted: str) -> Unit:
    units = Unit.objects.filter(organization_id=plan.organization_id)
    by_key = Q(name=wanted) | Q(pk=int(wanted)) if ascii_int(wanted) is not None else Q(name=wanted)
    found = units.filter(by_key).first() or next((u for u in units if wanted in u.aliases), None)
    if found is None:
        raise CommandError(f"组织“{plan.organization.name}”中没有单位“{wanted}”")
    return found


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期应写作 YYYY-MM-DD：{text}") from exc
