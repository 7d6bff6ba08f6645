"""Requests per second and latency under load: gunicorn workers on loopback, a bounded load generator.

usage: .venv/bin/python bench/load.py [--workers 2,4] [--seconds 10] [--connections 8] [--reuse]

Runs on the benchmark database of bench/pages.py (same DATABASE_URL / DUBAN_DATA_DIR; without --reuse it is
filled by `duban synth` first, 10,000 tasks). gunicorn listens on 127.0.0.1 only; the load comes from wrk
when installed (apt-get install wrk), else from a small threaded Python client, each bounded by --seconds.
Requests carry a signed-in session cookie. Peak resident memory per worker is read from /proc (VmHWM).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PREFIX, ROOT, dataset_prepare, django_setup, environment, spread

HOST = "127.0.0.1"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    latency_ms: dict[str, float]  # p50, p90, p99

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on /healthz")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_run(url: str, cookie: str, *, seconds: int, connections: int) -> LoadResult:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    assert total is not None, out
    requests, span = int(total.group(1)), _ms(total.group(2) + total.group(3)) / 1000
    latency = {p: _ms(m.group(1)) for p in ("50", "90", "99") if (m := re.search(rf"\s{p}%\s+(\S+)", out))}
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"Socket errors: .*?timeout (\d+)", out))
    return LoadResult(requests, span, errors, {f"p{k}": v for k, v in latency.items()})


def python_run(url: str, cookie: str, *, seconds: int, connections: int) -> LoadResult:
    """The fallback generator: `connections` threads, each one request at a time, until the time is up."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                request = urllib.request.Request(url, headers={"Cookie": cookie})
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                times.append((time.perf_counter() - start) * 1000)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    span = time.monotonic() - began
    times.sort()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0.0] * 99
    return LoadResult(len(times), span, errors, {"p50": q[49], "p90": q[89], "p99": q[98]})


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def session_cookie(username_suffix: str, organization_id: int) -> str:
    from django.conf import settings
    from django.test import Client

    from duban.accounts.models import User

    user = User.objects.get(organization_id=organization_id, username__endswith=f"-{username_suffix}")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 64:
        raise SystemExit("--seconds is bounded to 1–120 and --connections to 1–64")

    env = environment(f"bench-{args.tasks}.sqlite3")
    django_setup(env)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    data = dataset_prepare(tasks=args.tasks, tasks_per_plan=200, cycles=12, reuse=args.reuse, say=say)
    from django.db import connection

    from duban.plans.models import Plan

    org = spread(data.organizations, 1)[0]
    plan = Plan.objects.filter(organization_id=org).order_by("pk").first()
    assert plan is not None
    targets = [
        ("plan page", f"/plans/{plan.pk}/", session_cookie("supervisor", org)),
        ("my tasks", "/tracking/", session_cookie("liaison2", org)),
        ("review queue", "/tracking/review/", session_cookie("supervisor", org)),
    ]
    connection.close()
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and shutil.which("wrk") is not None)
    run = wrk_run if use_wrk else python_run
    server_env = {**os.environ, **env, "DUBAN_TODAY": data.today.isoformat()}
    print(
        f"load: {data.tasks:,} tasks ({connection.vendor}), {args.connections} connections, "
        f"{args.seconds} s per cell, "
        f"generator {'wrk' if use_wrk else 'python threads'}, organisation {org}, {PREFIX}-prefixed data"
    )
    print(
        f"{'workers':>7}  {'page':<14}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'peak RSS MiB':>14}"
    )
    for workers in (int(w) for w in args.workers.split(",")):
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "duban.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--chdir",
                str(ROOT),
                "--log-level",
                "warning",
            ],
            env=server_env,
            cwd=ROOT,
        )
        try:
            wait_ready(port)
            for label, path, cookie in targets:
                url = f"http://{HOST}:{port}{path}"
                result = run(url, cookie, seconds=args.seconds, connections=args.connections)
                peak = max((peak_rss_mib(pid) for pid in worker_pids(server.pid)), default=0.0)
                lat = result.latency_ms
                print(
                    f"{workers:>7}  {label:<14}{result.per_second:>8.1f}{lat.get('p50', 0):>9.1f}"
                    f"{lat.get('p90', 0):>9.1f}{lat.get('p99', 0):>9.1f}{result.errors:>8}{peak:>14.0f}",
                    flush=True,
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
