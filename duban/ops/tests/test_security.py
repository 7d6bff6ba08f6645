"""Login lockout, security headers, and a production configuration that Django's deploy check accepts."""

import os
import secrets
import subprocess
import sys

from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.test import Client

from duban.test import PASSWORD


def test_repeated_wrong_passwords_lock_the_login(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "supervisor", "password": "wrong"})
    response = client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()


def test_behind_a_trusted_proxy_the_lockout_counts_the_client_not_the_proxy(personas, settings):
    settings.DUBAN_TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.66")
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/login/", {"username": "supervisor", "password": "wrong"})

    assert attacker.post("/login/", {"username": "supervisor", "password": PASSWORD}).status_code == 429
    assert colleague.post("/login/", {"username": "supervisor", "password": PASSWORD}).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


def test_a_right_password_after_a_few_wrong_ones_still_logs_in(client, personas):
    client.post("/login/", {"username": "supervisor", "password": "wrong"})
    response = client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 302


def test_every_page_carries_a_strict_content_security_policy(client, personas):
    response = client.get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_deploy_check_finds_nothing_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DUBAN_DEBUG": "0",
        "DUBAN_SECRET_KEY": secrets.token_urlsafe(50),
        "DUBAN_ALLOWED_HOSTS": "duban.example.gov.cn",
        "DUBAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "duban.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_without_a_secret_key_production_refuses_to_start(tmp_path):
    env = {
        **os.environ,
        "DUBAN_DEBUG": "0",
        "DUBAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "duban.settings",
    }
    env.pop("DUBAN_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DUBAN_SECRET_KEY is not set" in result.stderr


def test_one_address_trying_many_usernames_is_locked_out(client, personas, settings):
    settings.DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(6):
        client.post("/login/", {"username": f"guess{n}", "password": "wrong"})

    response = client.post("/login/", {"username": "supervisor", "password": PASSWORD})

    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post("/login/", {"username": "supervisor", "password": PASSWORD}).status_code == 302
