"""`duban prerequisites`: which optional system packages are missing and what each one's absence disables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.ops.prerequisites import PREREQUISITES, prerequisites_missing


class Command(BaseCommand):
    help = "检查可选的系统软件包，列出缺少哪些及其影响的功能。"

    def handle(self, *args: Any, **options: Any) -> None:
        missing = prerequisites_missing()
        for prerequisite in PREREQUISITES:
            if prerequisite not in missing:
                self.stdout.write(f"已安装 {prerequisite.package}：{prerequisite.feature}可用")
        for prerequisite in missing:
            self.stdout.write(
                self.style.WARNING(
                    f"缺少 {prerequisite.package}：{prerequisite.feature}不可用"
                    f"（sudo apt-get install {prerequisite.package}）"
                )
            )
        if missing:
            packages = " ".join(prerequisite.package for prerequisite in missing)
            self.stdout.write(f"其余功能不受影响。一次安装：sudo apt-get install {packages}")
