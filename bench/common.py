"""What the benchmarks share: environment, a database filled by `duban synth`, personas, timing.

The benchmarks run Duban with debug off (as deployed) against their own database: PostgreSQL when
DATABASE_URL names one (use a database of its own, e.g. duban_bench), else a SQLite file under
DUBAN_DATA_DIR (default /tmp/duban-bench). Nothing here touches another database.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "B"  # organisations made by the benchmarks are named B00000市教育局, users B0-supervisor, …

BENCH_ENV = {
    "DUBAN_DEBUG": "0",
    "DUBAN_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "DUBAN_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DUBAN_SSL_REDIRECT": "0",
    "DUBAN_SECURE_COOKIES": "0",
    "DUBAN_HSTS_SECONDS": "0",
    "DUBAN_LOG_LEVEL": "WARNING",
    "DUBAN_DATA_DIR": "/tmp/duban-bench",
}


def environment(sqlite_name: str) -> dict[str, str]:
    """The environment the benchmark (and its gunicorn) runs with; DATABASE_URL defaults to a SQLite file."""
    env = {key: os.environ.get(key, value) for key, value in BENCH_ENV.items()}
    data_dir = Path(env["DUBAN_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / sqlite_name}"
    env["DJANGO_SETTINGS_MODULE"] = "duban.settings"
    return env


def django_setup(env: dict[str, str]) -> None:
    """Start Django in this process with the benchmark environment."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Dataset:
    """The synthetic data a benchmark runs on."""

    tasks: int
    reports: int
    organizations: list[int]
    today: dt.date
    made_seconds: float | None = None
    made_rows: int | None = None


def dataset_prepare(
    *, tasks: int, tasks_per_plan: int, cycles: int, reuse: bool, say: Callable[[str], None]
) -> Dataset:
    """Migrate, then fill the database with `tasks` tasks by `duban synth` unless it holds them (--reuse)."""
    from django.core.management import call_command
    from django.db.models import Max

    from duban.accounts.models import Organization
    from duban.ops.synth import SynthConfig, synth_run
    from duban.plans.models import Task
    from duban.tracking.models import ProgressReport

    call_command("migrate", verbosity=0)
    existing = Task.objects.filter(organization__name__startswith=PREFIX).count()
    made_seconds = made_rows = None
    if existing and not reuse:
        raise SystemExit(
            f"the benchmark database already holds {existing} tasks: pass --reuse, or drop it first"
        )
    if not existing:
        count = max(1, math.ceil(tasks / tasks_per_plan))
        say(f"duban synth --orgs {count} --tasks-per-plan {tasks_per_plan} --cycles {cycles}")
        result = synth_run(
            SynthConfig(orgs=count, tasks_per_plan=tasks_per_plan, cycles=cycles, org_prefix=PREFIX),
            progress=say,
        )
        made_seconds, made_rows = result.seconds, result.total_rows
        say(
            f"synth: {result.total_rows:,} rows in {result.seconds:.1f} s "
            f"({result.rows_per_second:,.0f} rows/s)"
        )
    orgs = list(
        Organization.objects.filter(name__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
    )
    last = ProgressReport.objects.aggregate(m=Max("period"))["m"] or dt.date(2025, 12, 25)
    return Dataset(
        tasks=Task.objects.count(),
        reports=ProgressReport.objects.count(),
        organizations=orgs,
        today=last + dt.timedelta(days=3),
        made_seconds=made_seconds,
        made_rows=made_rows,
    )


def spread(items: list[int], count: int) -> list[int]:
    """`count` items evenly spread over the list (the organisations a benchmark visits in turn)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step + step / 2)] for i in range(count)]


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    samples: int


def timed(run: Callable[[int], Any], *, samples: int, warmup: int) -> Timing:
    """Median and 95th percentile of `run(i)` in milliseconds, after `warmup` untimed runs."""
    for i in range(warmup):
        run(i)
    times: list[float] = []
    for i in range(samples):
        start = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    return Timing(median_ms=statistics.median(times), p95_ms=p95, samples=len(times))


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()
        return f"PostgreSQL {version[0] if version else '?'} ({connection.settings_dict['NAME']})"
    return f"SQLite ({connection.settings_dict['NAME']})"
