"""Import time per plan size: parse, then write (`plan_import_parsed`), for 100, 1,000 and 10,000 tasks.

usage: .venv/bin/python bench/import_plan.py [--sizes 100,1000,10000] [--format docx] [--repeat 3]

Runs on the benchmark database (DATABASE_URL, else a SQLite file in DUBAN_DATA_DIR), in an organisation of
its own (`B-import市教育局`); each imported plan is deleted again before the next run, so the database is
left as it was. The document is bench/parse.py's synthetic plan (the founding document's tasks, cycled).
"write" is one transaction: plan, sections, units resolved, tasks, their units, targets, documents and
warnings, and the source file stored. Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from django.db.models import Model

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PREFIX, database_label, django_setup, environment

FORMATS = {"docx": ("docx_one_table_merged", ".docx"), "txt": ("inline_text", ".txt")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--format", default="docx", choices=sorted(FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    django_setup(environment("bench.sqlite3"))

    from django.core.management import call_command
    from django.db import connection
    from parse import synthetic_plan

    from duban.accounts.models import Organization
    from duban.ingest import parse
    from duban.ingest.tests import builders
    from duban.plans.models import Plan
    from duban.plans.services import plan_import_parsed

    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(name=f"{PREFIX}-import市教育局")
    builder, suffix = FORMATS[args.format]
    print(f"database: {database_label()}, format: {args.format}, median of {args.repeat}")
    print(f"{'tasks':>7}{'KiB':>8}{'parse s':>10}{'write s':>10}{'total s':>10}{'rows':>9}{'rows/s':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        content = getattr(builders, builder)(synthetic_plan(size))
        parse_s: list[float] = []
        write_s: list[float] = []
        rows = 0
        for run in range(args.repeat):
            start = time.perf_counter()
            parsed = parse(content, filename=f"plan{suffix}")
            parse_s.append(time.perf_counter() - start)
            if len(parsed.tasks) != size:
                raise SystemExit(f"{size}: parsed {len(parsed.tasks)} tasks")
            start = time.perf_counter()
            result = plan_import_parsed(
                organization=org, parsed=parsed, content=content + str(run).encode(), filename=f"p{suffix}"
            )
            write_s.append(time.perf_counter() - start)
            plan = result.plan
            rows = 1 + sum(
                model._default_manager.filter(**{lookup: plan}).count() for model, lookup in _children(plan)
            )
            Plan.objects.filter(pk=plan.pk).delete()
            plan.source_file.delete(save=False)
        p, w = statistics.median(parse_s), statistics.median(write_s)
        kib = len(content) / 1024
        print(
            f"{size:>7}{kib:>8.0f}{p:>10.3f}{w:>10.3f}{p + w:>10.3f}{rows:>9,}{rows / w:>9,.0f}", flush=True
        )
    connection.close()


def _children(plan: object) -> list[tuple[type[Model], str]]:
    from duban.plans.models import DocumentRef, PlanWarning, Section, Target, Task, TaskUnit

    return [
        (Section, "plan"),
        (Task, "plan"),
        (TaskUnit, "task__plan"),
        (Target, "task__plan"),
        (DocumentRef, "task__plan"),
        (PlanWarning, "plan"),
    ]


if __name__ == "__main__":
    main()
