"""Median and p95 latency of Duban's main pages, each beside a bare Django view running its main query.

usage: .venv/bin/python bench/pages.py [--tasks 10000] [--tasks-per-plan 200] [--cycles 12]
                                        [--big-orgs 2] [--big-plan-tasks 10000]
                                        [--reuse] [--samples 40] [--warmup 5]

DATABASE_URL=postgres://…/duban_bench for PostgreSQL (a database of its own), else a SQLite file in
DUBAN_DATA_DIR (default /tmp/duban-bench). Without --reuse the database must hold no benchmark data; it
is filled by `duban synth`. Requests go through Django's test Client in this process, with the whole
middleware stack and debug off, as personas of the synthetic organisations (visited in turn, so one
organisation's rows are not all that is measured). The bare view runs through the same stack, loads the
signed-in user and evaluates the page's main query: the ratio is what the page costs beyond that floor.
Pages are found by URL name; a page whose name does not resolve is listed as skipped.

Two groups are measured: organisations of --tasks-per-plan-task plans, and --big-orgs organisations
(named BK…) that each hold one --big-plan-tasks-task plan. Every organisation measured has an import
draft of its own plan's size (the plan's document, re-parsed) for the wizard's review page.
"""

from __future__ import annotations

import argparse
import gc
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PREFIX,
    Dataset,
    database_label,
    dataset_prepare,
    django_setup,
    environment,
    spread,
    timed,
)


@dataclass
class OrgPersonas:
    """One synthetic organisation: its plan and the people who open the pages."""

    organization_id: int
    plan_id: int
    task_id: int
    supervisor: Any
    leader: Any
    liaison: Any
    liaison_unit_ids: list[int]
    draft_id: int


@dataclass
class Page:
    """A page to measure: URL names to try in turn, who opens it, and its main query."""

    label: str
    names: tuple[str, ...]
    args: Callable[[OrgPersonas], list[int]]
    persona: str
    main_query: Callable[[OrgPersonas], Any]


def _tasks_of_plan(o: OrgPersonas) -> Any:
    from duban.plans.models import Task

    return Task.objects.filter(plan_id=o.plan_id).select_related("plan", "section").order_by("position")


def _status_scan(o: OrgPersonas) -> Any:
    from duban.plans.models import Task
    from duban.tracking.selectors import STATUS_FIELDS

    # What any page showing every task's light must read: the status columns of the plan's tasks.
    return Task.objects.filter(plan_id=o.plan_id).only(*STATUS_FIELDS).order_by("position")


def _plan_page_tasks(o: OrgPersonas) -> Any:
    from duban.tracking.selectors import PLAN_PAGE_SIZE

    # The plan page shows one page of tasks, not the whole plan.
    return _tasks_of_plan(o)[:PLAN_PAGE_SIZE]


def _unit_scan(o: OrgPersonas) -> Any:
    from duban.plans.models import Task
    from duban.tracking.selectors import STATUS_FIELDS

    # What the unit page must read for its counts and summary: the status columns of the unit's tasks.
    tasks = Task.objects.filter(plan_id=o.plan_id, task_units__unit_id=o.liaison_unit_ids[0])
    return tasks.only(*STATUS_FIELDS).order_by("position")


def _my_links(o: OrgPersonas) -> Any:
    from duban.plans.models import PlanStatus, TaskUnit

    return (
        TaskUnit.objects.filter(
            unit_id__in=o.liaison_unit_ids,
            task__plan__status=PlanStatus.PUBLISHED,
            task__organization_id=o.organization_id,
        )
        .select_related("task__plan", "task__section")
        .order_by("task__plan_id", "task__position", "role")
    )


def _review_reports(o: OrgPersonas) -> Any:
    from duban.tracking.models import ProgressReport, ReportStatus

    return (
        ProgressReport.objects.filter(organization_id=o.organization_id, status=ReportStatus.SUBMITTED)
        .select_related("task", "unit", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def _task_reports(o: OrgPersonas) -> Any:
    from duban.tracking.models import ProgressReport

    return ProgressReport.objects.filter(task_id=o.task_id).select_related("unit", "created_by")


def _api_tasks(o: OrgPersonas) -> Any:
    return _tasks_of_plan(o)[:50]


def _plans(o: OrgPersonas) -> Any:
    from duban.plans.models import Plan

    return Plan.objects.filter(organization_id=o.organization_id).order_by("-pk")


def _plan(o: OrgPersonas) -> Any:
    from duban.plans.models import Plan

    return Plan.objects.filter(pk=o.plan_id)


def _drafts(o: OrgPersonas) -> Any:
    from duban.web.models import ImportDraft

    return ImportDraft.objects.filter(organization_id=o.organization_id).defer("content", "data", "source")


def _draft(o: OrgPersonas) -> Any:
    from duban.web.models import ImportDraft

    # The draft's JSON decoded: what any view of it must read.
    return ImportDraft.objects.filter(pk=o.draft_id).defer("content")


PAGES = [
    Page(
        "dashboard",
        ("tracking:dashboard_plan", "tracking:plan"),
        lambda o: [o.plan_id],
        "leader",
        _status_scan,
    ),
    Page("plan page", ("plans:detail",), lambda o: [o.plan_id], "supervisor", _plan_page_tasks),
    Page(
        "unit page",
        ("tracking:unit",),
        lambda o: [o.plan_id, o.liaison_unit_ids[0]],
        "leader",
        _unit_scan,
    ),
    Page("my tasks", ("tracking:my_tasks",), lambda o: [], "liaison", _my_links),
    Page("review queue", ("tracking:review",), lambda o: [], "supervisor", _review_reports),
    Page("task page", ("tracking:task",), lambda o: [o.task_id], "supervisor", _task_reports),
    Page(
        "API task list",
        ("api-v1:tasks_list", "api:tasks_list", "api:task_list"),
        lambda o: [],
        "supervisor",
        _api_tasks,
    ),
    Page("plan list", ("plans:list",), lambda o: [], "supervisor", _plans),
    Page("API plans", ("api-v1:plans_list",), lambda o: [], "supervisor", _plans),
    Page("API plan", ("api-v1:plan_get",), lambda o: [o.plan_id], "supervisor", _plan),
    Page("wizard upload", ("web:import",), lambda o: [], "supervisor", _drafts),
    Page("wizard review", ("web:import_draft",), lambda o: [o.draft_id], "supervisor", _draft),
]


def _url(page: Page, o: OrgPersonas) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in page.names:
        try:
            url = reverse(name, args=page.args(o))
        except NoReverseMatch:
            continue
        # The API lists one plan's tasks by query parameter.
        return f"{url}?plan={o.plan_id}" if name.startswith("api") and "tasks" in name else url
    return None


def _personas(org_ids: list[int]) -> list[OrgPersonas]:
    from django.db.models import Count

    from duban.accounts.models import User
    from duban.plans.models import Plan, Task
    from duban.tracking.models import ProgressReport
    from duban.web.models import ImportDraft

    result = []
    for org in org_ids:
        users = {u.username.rsplit("-", 1)[1]: u for u in User.objects.filter(organization_id=org)}
        plan = Plan.objects.filter(organization_id=org).order_by("pk").first()
        assert plan is not None
        # The task with the longest history: the task page at its heaviest.
        busiest = (
            ProgressReport.objects.filter(task__plan=plan)
            .values("task_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "task_id")
            .values_list("task_id", flat=True)
            .first()
        ) or Task.objects.filter(plan=plan).values_list("pk", flat=True).first()
        liaison = users["liaison2"]
        draft = ImportDraft.objects.filter(organization_id=org).values_list("pk", flat=True).first()
        result.append(
            OrgPersonas(
                organization_id=org,
                plan_id=plan.pk,
                task_id=int(busiest or 0),
                supervisor=users["supervisor"],
                leader=users["leader"],
                liaison=liaison,
                liaison_unit_ids=list(liaison.units.values_list("pk", flat=True)),
                draft_id=draft or _draft_make(org, users["supervisor"], plan.tasks.count()),
            )
        )
    return result


def _draft_make(org: int, user: Any, tasks: int) -> int:
    """An import draft of a synthetic document of `tasks` tasks (bench/parse.py's), for the wizard pages."""
    from django.utils import timezone
    from parse import synthetic_plan

    from duban.accounts.models import Organization
    from duban.ingest.tests.builders import inline_text
    from duban.web.services import draft_create

    draft = draft_create(
        organization=Organization.objects.get(pk=org),
        user=user,
        content=inline_text(synthetic_plan(tasks)),
        filename="plan.txt",
        now=timezone.now(),
    )
    return draft.pk


_BY_LABEL: dict[str, Page] = {page.label.replace(" ", "-"): page for page in PAGES}
_ORGS: dict[int, OrgPersonas] = {}


def bare_view(request: Any, page: str, org_id: int) -> Any:
    """The floor: the same middleware, the signed-in user loaded, the page's main query, a tiny answer."""
    from django.http import HttpResponse

    user_id = request.user.pk
    rows = list(_BY_LABEL[page].main_query(_ORGS[org_id]))
    return HttpResponse(f"{user_id} {len(rows)}")


def install_urlconf() -> None:
    """Duban's URLs plus /__bare__/<page>/<org>/, as the root URLconf of this process."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path, set_urlconf

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("__bare__/<slug:page>/<int:org_id>/", bare_view),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    set_urlconf(None)


@dataclass
class Row:
    label: str
    url: str
    queries: int | str
    median: float | None = None
    p95: float | None = None
    bare: float | None = None
    note: str = ""


def measure(orgs: list[OrgPersonas], *, samples: int, warmup: int, skip: set[str]) -> list[Row]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[tuple[int, str], Client] = {}
    for o in orgs:
        _ORGS[o.organization_id] = o
        for persona in ("supervisor", "leader", "liaison"):
            client = Client()
            client.force_login(getattr(o, persona))
            clients[o.organization_id, persona] = client
    rows: list[Row] = []
    for page in PAGES:
        if page.label in skip:
            rows.append(Row(page.label, "—", "—", note="skipped (--skip)"))
            continue
        urls = [_url(page, o) for o in orgs]
        if urls[0] is None:
            rows.append(Row(page.label, "—", "—", note=f"skipped: no URL named {' / '.join(page.names)}"))
            continue
        slug = page.label.replace(" ", "-")

        def get(
            i: int, *, bare: bool = False, page: Page = page, urls: list[str | None] = urls, slug: str = slug
        ) -> None:
            o = orgs[i % len(orgs)]
            url = f"/__bare__/{slug}/{o.organization_id}/" if bare else urls[i % len(orgs)]
            assert url is not None
            response = clients[o.organization_id, page.persona].get(url)
            if response.status_code != 200:
                raise SystemExit(f"{page.label}: {url} answered {response.status_code}")

        # Counted at once: the captured list is a window on a log the next requests reset.
        with CaptureQueriesContext(connection) as captured:
            get(0)
        queries = len(captured)
        with CaptureQueriesContext(connection) as captured:
            get(0, bare=True)
        bare_queries = len(captured)
        page_t = timed(get, samples=samples, warmup=warmup)
        bare_t = timed(lambda i: get(i, bare=True), samples=samples, warmup=warmup)
        rows.append(
            Row(
                page.label,
                urls[0],
                queries,
                page_t.median_ms,
                page_t.p95_ms,
                bare_t.median_ms,
                note=f"bare: {bare_queries} queries",
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    head = f"{'page':<15}{'url':<26}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'bare ms':>9}{'ratio':>7}"
    lines = [head + "  note"]
    for r in rows:
        if r.median is None or r.p95 is None or r.bare is None:
            lines.append(f"{r.label:<15}{r.url:<26}{r.queries!s:>8}{'':>11}{'':>9}{'':>9}{'':>7}  {r.note}")
            continue
        lines.append(
            f"{r.label:<15}{r.url[:25]:<26}{r.queries!s:>8}{r.median:>11.1f}{r.p95:>9.1f}{r.bare:>9.1f}"
            f"{r.median / r.bare:>6.1f}×  {r.note}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--tasks-per-plan", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=12)
    parser.add_argument("--big-orgs", type=int, default=2, help="organisations holding one big plan")
    parser.add_argument("--big-plan-tasks", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="measure the benchmark data already there")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--orgs", type=int, default=5, help="organisations visited in turn")
    parser.add_argument("--skip", default="", help="pages not to measure, by label, comma-separated")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() once started (as a worker could): full collections then skip start-up objects",
    )
    args = parser.parse_args()

    env = environment(f"bench-{args.tasks}.sqlite3")
    django_setup(env)
    from django.conf import settings

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    data: Dataset = dataset_prepare(
        tasks=args.tasks, tasks_per_plan=args.tasks_per_plan, cycles=args.cycles, reuse=args.reuse, say=say
    )
    big = _big_organizations(args.big_orgs, args.big_plan_tasks, args.cycles, say)
    settings.DUBAN_TODAY = data.today.isoformat()
    install_urlconf()
    small = [org for org in data.organizations if org not in big]
    groups = [
        (f"organisations of {args.tasks_per_plan}-task plans", _personas(spread(small, args.orgs))),
        (f"organisations of one {args.big_plan_tasks:,}-task plan", _personas(big)),
    ]
    skip = {label.strip() for label in args.skip.split(",") if label.strip()}
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    tables = [
        (label, measure(orgs, samples=args.samples, warmup=args.warmup, skip=skip))
        for label, orgs in groups
        if orgs
    ]
    print(
        f"{database_label()} · {data.tasks:,} tasks in {len(data.organizations)} organisations · "
        f"{data.reports:,} reports · today {data.today} · {args.samples} samples after {args.warmup} warm-up "
        f"over up to {args.orgs} organisations per group{' · gc.freeze()' if args.gc_freeze else ''}"
    )
    if data.made_seconds is not None and data.made_rows is not None:
        print(
            f"synth: {data.made_rows:,} rows in {data.made_seconds:.1f} s "
            f"({data.made_rows / data.made_seconds:,.0f} rows/s)"
        )
    for label, rows in tables:
        print(f"\n{label}")
        print(table(rows))


def _big_organizations(count: int, tasks: int, cycles: int, say: Callable[[str], None]) -> list[int]:
    """The organisations holding one big plan each (BK…), made by `duban synth` unless they exist."""
    from duban.accounts.models import Organization
    from duban.ops.synth import SynthConfig, synth_run

    prefix = f"{PREFIX}K"
    existing = Organization.objects.filter(name__startswith=prefix).order_by("pk")
    if count and not existing.exists():
        say(f"duban synth --orgs {count} --tasks-per-plan {tasks} --cycles {cycles} (prefix {prefix})")
        config = SynthConfig(orgs=count, tasks_per_plan=tasks, cycles=cycles, org_prefix=prefix)
        synth_run(config, progress=say)
    return list(existing.values_list("pk", flat=True)[:count])


if __name__ == "__main__":
    main()
