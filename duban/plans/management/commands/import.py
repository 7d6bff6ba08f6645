"""`duban import FILE --org NAME [--replace]`: import a plan document from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from duban.accounts.services import organization_get_or_create
from duban.ingest import IngestError
from duban.plans.services import ImportResult, PlanAlreadyExists, plan_import

EXIT_DUPLICATE = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "导入方案文件（txt/docx/xlsx/html/pdf 等），生成督办方案。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="方案文件路径")
        parser.add_argument("--org", required=True, help="组织名称，不存在时自动创建")
        parser.add_argument("--replace", action="store_true", help="同一文件已导入时，替换原方案")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}", returncode=EXIT_UNREADABLE) from exc

        try:
            # One transaction with the organisation, so a refused file does not leave a new empty one.
            with transaction.atomic():
                organization, org_created = organization_get_or_create(name=options["org"])
                result = plan_import(
                    organization=organization, content=content, filename=path.name, replace=options["replace"]
                )
        except IngestError as exc:
            raise CommandError(str(exc), returncode=exc.exit_code) from exc
        except PlanAlreadyExists as exc:
            raise CommandError(f"{exc}命令行请加 --replace。", returncode=EXIT_DUPLICATE) from exc

        if org_created:
            self.stdout.write(f"已创建组织：{organization.name}")
        self._summary(result)

    def _summary(self, result: ImportResult) -> None:
        plan = result.plan
        verb = "已替换方案" if result.replaced else "已导入方案"
        self.stdout.write(self.style.SUCCESS(f"{verb}《{plan.title}》（编号 {plan.pk}）"))
        self.stdout.write(f"  板块 {plan.sections.count()} 个，任务 {plan.tasks.count()} 项")
        self.stdout.write(f"  单位：匹配 {len(result.units_matched)} 个，新建 {len(result.units_created)} 个")
        if result.units_created:
            self.stdout.write(f"  新建单位：{'、'.join(result.units_created)}")
        if not result.warnings:
            self.stdout.write("  解析提示：无")
            return
        self.stdout.write(self.style.WARNING(f"  解析提示 {len(result.warnings)} 条，请核对："))
        for warning in result.warnings:
            where = f"第{warning.task_no}项" if warning.task_no else "全文"
            self.stdout.write(f"    {where}［{warning.code}］{warning.message}")
