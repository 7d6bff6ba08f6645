"""gunicorn trusts X-Forwarded-* from exactly the proxies Django trusts, and recycles its workers."""

import os
import subprocess
import sys

import pytest

_PRINT = (
    "import duban.ops.gunicorn_conf as c; "
    "print(repr(c.forwarded_allow_ips), c.max_requests, c.max_requests_jitter)"
)


def _config(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    result = subprocess.run(
        [sys.executable, "-c", _PRINT],
        env={**clean, "DUBAN_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "trusted"),
    [
        ({}, "''"),
        ({"DUBAN_BEHIND_PROXY": "1"}, "'127.0.0.1,::1'"),
        ({"DUBAN_BEHIND_PROXY": "1", "DUBAN_TRUSTED_PROXIES": "10.0.0.0/8"}, "'10.0.0.0/8'"),
    ],
)
def test_forwarded_headers_are_trusted_only_from_the_configured_proxies(env, trusted):
    assert _config(**env).split()[0] == trusted


def test_workers_are_recycled_with_jitter():
    _, max_requests, jitter = _config().split()
    assert int(max_requests) > 0 and 0 < int(jitter) < int(max_requests)
