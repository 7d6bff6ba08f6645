"""`duban load_demo`: the demo bureau, its users and plan; safe to run again."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from duban.tracking.demo import DEMO_TODAY
from duban.tracking.demo_cascade import COUNTIES, SECTION
from duban.tracking.demo_load import DEMO_PASSWORD, demo_load, demo_units_of


def _pad(text: str, width: int) -> str:
    # Chinese characters take two columns in a terminal; str.ljust would misalign the table.
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 1)


class Command(BaseCommand):
    help = "载入演示数据：虚构的青川市教育局、各角色演示账号和一份演示方案（可重复运行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self.stdout.write(f"组织：{result.organization.name}")
        if result.imported is not None:
            plan = result.imported.plan
            message = f"已导入演示方案《{plan.title}》：任务 {plan.tasks.count()} 项"
            self.stdout.write(self.style.SUCCESS(message))
        elif result.plan is not None:
            self.stdout.write(f"演示方案《{result.plan.title}》已存在，未重复导入。")

        if result.history_created:
            self.stdout.write(
                self.style.SUCCESS("已发布演示方案并生成上半年的进展反馈、审核、延期与办结记录。")
            )
        if result.cascade_created:
            counties = "、".join(name for name, *_ in COUNTIES)
            self.stdout.write(
                self.style.SUCCESS(
                    f"已将第{SECTION}板块分解下达{counties}（指标按比例分解），并生成两县上半年的承接进展。"
                )
            )
        for line in result.extensions:
            self.stdout.write(self.style.SUCCESS(line))
        if result.adhoc_created:
            self.stdout.write(
                self.style.SUCCESS("已登记两项督办事项（2025年督办事项，督办〔2025〕1号、2号）。")
            )
        self.stdout.write(
            f"演示数据的“今天”为 {DEMO_TODAY:%Y-%m-%d}："
            f"请以 DUBAN_TODAY={DEMO_TODAY:%Y-%m-%d} 运行（make demo 已设置）。"
        )

        self.stdout.write("\n演示账号：")
        columns = (12, 12, 12, 8)
        header = ("用户名", "密码", "角色", "姓名")
        self.stdout.write("  " + "".join(_pad(h, w) for h, w in zip(header, columns, strict=True)) + "单位")
        for user in result.users:
            units = "、".join(unit.name for unit in demo_units_of(user)) or "—"
            cells = (user.username, DEMO_PASSWORD, user.get_role_display(), user.display_name)
            self.stdout.write("  " + "".join(_pad(c, w) for c, w in zip(cells, columns, strict=True)) + units)
        prefixes = "、".join(
            f"{prefix}_supervisor / _leader / _liaison（{name}）" for name, prefix, *_ in COUNTIES
        )
        self.stdout.write(f"  下级县局账号（密码相同）：{prefixes}")
        self.stdout.write("\n运行 duban runserver 后打开 http://127.0.0.1:8000/ ，用以上账号登录。")
