"""A province in three levels: rows written, and queries and time per roll-up page.

usage: .venv/bin/python bench/rollup.py [--levels 1,9,90] [--tasks-per-plan 200] [--cycles 12]
                                        [--cascaded 0.2] [--reuse] [--samples 10] [--warmup 2]

Fills its own database (DATABASE_URL, else `bench-hierarchy.sqlite3` in DUBAN_DATA_DIR) with `duban synth
--levels`: a province bureau, its cities and their counties (organisations named H00000市教育局, …), each with
one published plan of which the first `--cascaded` share of tasks are 承接任务 of the parent's tasks. It then
opens, as each level's leader, the roll-up page, the dashboard (which carries the roll-up) and the roll-up
API, and prints a table: subordinates per page, queries, median and p95 ms. Query counts must not depend
on the number of subordinates; times grow with the rows a page shows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_label, django_setup, environment, timed

PREFIX = "H"


class QueryCounter:
    """Counts the statements the connection runs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _get(client: Any, url: str, _sample: int) -> Any:
    return client.get(url)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="1,9,90")
    parser.add_argument("--tasks-per-plan", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=12)
    parser.add_argument("--cascaded", type=float, default=0.2)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    levels = tuple(int(n) for n in args.levels.split(","))
    django_setup(environment("bench-hierarchy.sqlite3"))

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from duban.accounts.models import Organization, User
    from duban.ops.synth import SynthConfig, rows_table, synth_run
    from duban.plans.models import CascadeLink, Plan

    call_command("migrate", verbosity=0)
    existing = Organization.objects.filter(name__startswith=PREFIX).count()
    if existing and not args.reuse:
        raise SystemExit(f"the benchmark database already holds {existing} organisations: pass --reuse")
    if not existing:
        config = SynthConfig(
            orgs=sum(levels),
            tasks_per_plan=args.tasks_per_plan,
            cycles=args.cycles,
            org_prefix=PREFIX,
            levels=levels,
            cascaded=args.cascaded,
        )
        say(f"duban synth --levels {args.levels} --tasks-per-plan {args.tasks_per_plan}")
        result = synth_run(config, progress=say)
        print(f"## Rows ({database_label()})\n")
        print("```")
        print(rows_table(result), end="")
        print("```")
        print(f"\n{result.total_rows:,} rows in {result.seconds:.1f} s; as of {result.as_of}\n")
        today = result.as_of
    else:
        today = SynthConfig(orgs=1, tasks_per_plan=1, cycles=args.cycles).as_of
    from django.conf import settings

    settings.DUBAN_TODAY = today.isoformat()  # the pages' today: the day after the last cycle

    orgs = list(Organization.objects.filter(name__startswith=PREFIX).order_by("pk"))
    links = CascadeLink.objects.filter(organization__name__startswith=PREFIX).count()
    print(f"organisations {len(orgs)}, cascade links {links:,}\n")
    top = orgs[0]
    middle = next(o for o in orgs if o.parent_id == top.pk)
    leaf = next((o for o in orgs if o.parent_id == middle.pk), middle)
    counter = QueryCounter()
    print("| level | organisation | subordinates | page | queries | median ms | p95 ms |")
    print("| --- | --- | ---: | --- | ---: | ---: | ---: |")
    for label, org in (("province", top), ("city", middle), ("county", leaf)):
        leader = User.objects.get(username=f"{PREFIX}{orgs.index(org)}-leader")
        plan = Plan.objects.get(organization=org)
        client = Client()
        client.force_login(leader)
        children = Organization.objects.children_of(org).count()
        for page, url in (
            ("roll-up", reverse("tracking:rollup", args=[plan.pk])),
            ("dashboard", reverse("tracking:plan", args=[plan.pk])),
            ("roll-up API", f"/api/v1/cascades/rollup/plans/{plan.pk}"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counter.count = 0
            with connection.execute_wrapper(counter):
                client.get(url)
            queries = counter.count
            timing = timed(partial(_get, client, url), samples=args.samples, warmup=args.warmup)
            print(
                f"| {label} | {org.name} | {children} | {page} | {queries} | "
                f"{timing.median_ms:.1f} | {timing.p95_ms:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
