"""Import time per plan size: parse, then write (`plan_import_parsed`), for 100, 1,000 and 10,000 tasks.

usage: .venv/bin/python bench/import_plan.py [--sizes 100,1000,10000] [--format docx] [--repeat 3]
       .venv/bin/python bench/import_plan.py --wizard [--sizes 100,1000,10000]

--wizard measures the web import wizard instead, as a browser drives it through Django's test Client (whole
middleware stack, debug off), each size in a fresh process so its peak resident memory is its own: upload,
the review page's first screen (time, size, queries), saving one task row, and 导入. Each step posts
exactly the fields of the form that holds its button on the page, as a browser without JavaScript would.

Runs on the benchmark database (DATABASE_URL, else a SQLite file in DUBAN_DATA_DIR), in an organisation of
its own (`B-import市教育局`); each imported plan is deleted again before the next run, so the database is
left as it was. The document is bench/parse.py's synthetic plan (the founding document's tasks, cycled).
"write" is one transaction: plan, sections, units resolved, tasks, their units, targets, documents and
warnings, and the source file stored. Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

from django.db.models import Model

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PREFIX, database_label, django_setup, environment

FORMATS = {"docx": ("docx_one_table_merged", ".docx"), "txt": ("inline_text", ".txt")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--format", default="docx", choices=sorted(FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wizard", action="store_true", help="measure the web wizard, not the service")
    parser.add_argument("--wizard-one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args()
    if args.wizard:
        wizard(args.sizes, args.format)
        return
    django_setup(environment("bench.sqlite3"))
    if args.wizard_one:
        print(json.dumps(wizard_one(args.wizard_one, args.format)))
        return

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


def wizard(sizes: str, fmt: str) -> None:
    """One fresh process per size; a table of the wizard's steps."""
    print(f"wizard, format: {fmt}, one run per size, each in a fresh process (peak RSS is that process's)")
    head = (
        f"{'tasks':>7}{'upload s':>10}{'review s':>10}{'KiB':>9}{'queries':>8}"
        f"{'row s':>8}{'':>5}{'import s':>10}{'status':>8}{'peak MiB':>10}"
    )
    print(head)
    for size in sizes.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--wizard-one", size, "--format", fmt],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{r['tasks']:>7}{r['upload_s']:>10.2f}{r['review_s']:>10.2f}{r['review_kib']:>9.0f}"
            f"{r['review_queries']:>8}{r['row_s']:>8.2f}{r['row_status']:>5}{r['import_s']:>10.2f}{r['import_status']:>8}"
            f"{r['peak_mib']:>10.0f}",
            flush=True,
        )


def wizard_one(size: int, fmt: str) -> dict[str, Any]:
    """Drive the wizard once for a plan of `size` tasks; the steps' figures."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from parse import synthetic_plan

    from duban.accounts.models import Organization, Role, User
    from duban.ingest.tests import builders
    from duban.plans.models import Plan
    from duban.web.models import ImportDraft

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]
    org, _ = Organization.objects.get_or_create(name=f"{PREFIX}-wizard市教育局")
    user = User.objects.filter(username=f"{PREFIX}-wizard-supervisor").first() or User.objects.create_user(
        username=f"{PREFIX}-wizard-supervisor", password=None, organization=org, role=Role.SUPERVISOR
    )
    builder, suffix = FORMATS[fmt]
    content = getattr(builders, builder)(synthetic_plan(size))
    client = Client()
    client.force_login(user)
    result: dict[str, Any] = {"tasks": size}

    start = time.perf_counter()
    response = client.post(reverse("web:import"), {"file": SimpleUploadedFile(f"plan{suffix}", content)})
    result["upload_s"] = time.perf_counter() - start
    if response.status_code != 302:
        raise SystemExit(f"upload answered {response.status_code}")
    url = response["Location"]
    draft = ImportDraft.objects.order_by("-pk").first()
    assert draft is not None

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        result["review_s"] = time.perf_counter() - start
    result["review_queries"] = len(captured)
    result["review_kib"] = len(response.content) / 1024
    page = response.content

    start = time.perf_counter()
    action, fields = _form_of(page, "save_row:")
    response = client.post(action or url, fields)
    result["row_s"] = time.perf_counter() - start
    result["row_status"] = response.status_code

    page = client.get(url).content
    start = time.perf_counter()
    action, fields = _form_of(page, "import")
    response = client.post(action or url, fields)
    result["import_s"] = time.perf_counter() - start
    result["import_status"] = response.status_code
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    plan = Plan.objects.filter(organization=org).order_by("-pk").first()
    if plan is not None:
        Plan.objects.filter(pk=plan.pk).delete()
        plan.source_file.delete(save=False)
    ImportDraft.objects.filter(pk=draft.pk).delete()
    connection.close()
    return result


def _form_of(page: bytes, button_value: str) -> tuple[str | None, dict[str, list[str]]]:
    """The action and fields a browser posts when the first button whose value starts so is pressed."""
    from lxml import html

    root = html.fromstring(page)
    for button in root.iter("button"):
        value = button.get("value") or ""
        if not value.startswith(button_value):
            continue
        form = cast(html.FormElement, next(button.iterancestors("form")))
        fields: dict[str, list[str]] = {}
        for name, field_value in form.form_values():
            fields.setdefault(name, []).append(field_value)
        fields.setdefault(button.get("name") or "action", []).append(value)
        return form.get("action"), fields
    raise SystemExit(f"no button {button_value!r} on the page")


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
