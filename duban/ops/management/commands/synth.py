"""`duban synth --orgs N --tasks-per-plan M --cycles K`: synthetic organisations and plans for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ops.synth import SynthConfig, rows_table, synth_run


class Command(BaseCommand):
    help = "生成用于性能测试的合成数据：组织、单位、用户、已发布的方案、任务与逐月的进展反馈及审核记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orgs", type=int, default=0, help="组织数（平级）")
        parser.add_argument("--tasks-per-plan", type=int, default=200, help="每个方案的任务数（默认 200）")
        parser.add_argument("--cycles", type=int, default=12, help="已报送的月度周期数，1–12（默认 12）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：同一种子生成同样的内容")
        parser.add_argument("--org-prefix", default="合成", help="组织名与用户名的前缀，避免与已有数据重名")
        parser.add_argument("--year", type=int, default=2025, help="方案年度（默认 2025）")
        parser.add_argument("--batch-size", type=int, default=20000, help="每批写入的行数")
        parser.add_argument(
            "--levels",
            default="",
            help="组织层级，逐级的组织数，如 1,9,90（省、市、县，共 100 个；此时不用 --orgs）",
        )
        parser.add_argument(
            "--cascaded", type=float, default=0.2, help="下级方案中承接上级任务的比例（默认 0.2）"
        )
        parser.add_argument(
            "--method",
            choices=["auto", "bulk", "copy"],
            default="auto",
            help="bulk_create，或 PostgreSQL 的 COPY",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            levels = tuple(int(n) for n in options["levels"].split(",") if n.strip())
        except ValueError:
            raise CommandError("--levels 应为逗号分隔的正整数，如 1,9,90。") from None
        if levels:
            if min(levels) < 1:
                raise CommandError("--levels 每级至少 1 个组织。")
            options["orgs"] = sum(levels)
        if not 0 <= options["cascaded"] <= 1:
            raise CommandError("--cascaded 应在 0 到 1 之间。")
        if options["orgs"] < 1 or options["tasks_per_plan"] < 1 or not 1 <= options["cycles"] <= 12:
            raise CommandError("--orgs 与 --tasks-per-plan 至少为 1，--cycles 在 1 到 12 之间。")
        config = SynthConfig(
            orgs=options["orgs"],
            tasks_per_plan=options["tasks_per_plan"],
            cycles=options["cycles"],
            seed=options["seed"],
            org_prefix=options["org_prefix"],
            year=options["year"],
            batch_size=options["batch_size"],
            method=options["method"],
            levels=levels,
            cascaded=options["cascaded"],
        )
        try:
            result = synth_run(config, progress=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(rows_table(result), ending="")
        self.stdout.write(
            f"{result.total_rows:,} 行，{result.seconds:.1f} 秒，"
            f"{result.rows_per_second:,.0f} 行/秒（{result.method}）；"
            f"以 DUBAN_TODAY={result.as_of:%Y-%m-%d} 查看。"
        )
