"""`duban remind` over a large deployment: time, queries, reminders and deliveries.

usage: .venv/bin/python bench/remind.py [--tasks 100000] [--reuse] [--date YYYY-MM-DD]

Runs on the benchmark database (DATABASE_URL, else a SQLite file in DUBAN_DATA_DIR), filled by
`duban synth` unless --reuse. The reminders and notifications of the benchmark organisations are removed
first, so every run does the same work; the command then runs twice: the first run writes and delivers,
the second finds everything done (the daily cron's usual case). The default date is two days before the
last cycle's due date, so both due-soon and overdue reminders are due.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PREFIX, database_label, dataset_prepare, django_setup, environment


class QueryCounter:
    """Counts every statement the connection runs (cheaper than keeping their text)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--date", type=dt.date.fromisoformat)
    args = parser.parse_args()
    django_setup(environment(f"bench-{args.tasks}.sqlite3"))

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    data = dataset_prepare(tasks=args.tasks, tasks_per_plan=200, cycles=12, reuse=args.reuse, say=say)
    from django.core.management import call_command
    from django.db import connection

    from duban.tracking.models import Delivery, Notification, Reminder

    day = args.date or data.today - dt.timedelta(days=5)
    mine = {"organization__name__startswith": PREFIX}
    Reminder.objects.filter(**mine).delete()
    Notification.objects.filter(**mine).delete()
    print(
        f"duban remind --date {day} · {database_label()} · "
        f"{data.tasks:,} tasks in {len(data.organizations)} plans"
    )
    print(f"{'run':<8}{'seconds':>9}{'queries':>10}{'reminders':>11}{'deliveries':>12}{'notifications':>15}")
    for run in ("first", "again"):
        counter = QueryCounter()
        out = io.StringIO()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            call_command("remind", date=day.isoformat(), stdout=out, stderr=io.StringIO())
        seconds = time.perf_counter() - start
        print(
            f"{run:<8}{seconds:>9.1f}{counter.count:>10,}{Reminder.objects.filter(**mine).count():>11,}"
            f"{Delivery.objects.filter(**mine).count():>12,}{Notification.objects.filter(**mine).count():>15,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
