"""`duban` in a new shell: settings from the environment and `.env`; a configuration mistake is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG_EXIT = 78


def duban(*args: str, env_file: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the console command as a user would: no test settings, only `env` and the given .env file."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DUBAN_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "from duban.cli import main; main()", *args],
        env={**clean, "DUBAN_ENV_FILE": str(env_file), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text("", encoding="utf-8")
    return path


def assert_one_line_naming(result: subprocess.CompletedProcess[str], variable: str) -> None:
    assert result.returncode == CONFIG_EXIT
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("duban: ")
    assert variable in lines[0]


def test_without_a_secret_key_or_debug_it_names_the_variable_in_one_line(env_file, tmp_path):
    result = duban("check", env_file=env_file, cwd=tmp_path, DUBAN_DATA_DIR=str(tmp_path))

    assert_one_line_naming(result, "DUBAN_SECRET_KEY")
    assert ".env" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DUBAN_MAX_UPLOAD_BYTES", "50MB"),
        ("DUBAN_LOGIN_COOLOFF_HOURS", "soon"),
        ("DUBAN_TODAY", "2025-13-01"),
        ("DUBAN_LOG_FORMAT", "xml"),
        ("DATABASE_URL", "nosuchdb://user:secret@host/name"),
    ],
)
def test_a_wrong_value_is_named_in_one_line(env_file, tmp_path, variable, value):
    result = duban(
        "check",
        env_file=env_file,
        cwd=tmp_path,
        DUBAN_DEBUG="1",
        DUBAN_DATA_DIR=str(tmp_path),
        **{variable: value},
    )

    assert_one_line_naming(result, variable)
    assert "secret" not in result.stderr  # a database URL's password is never echoed


def test_a_data_directory_that_cannot_be_created_is_one_line(env_file, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")

    result = duban(
        "check", env_file=env_file, cwd=tmp_path, DUBAN_DEBUG="1", DUBAN_DATA_DIR=str(blocked / "data")
    )

    assert_one_line_naming(result, "DUBAN_DATA_DIR")


def test_a_missing_env_file_named_by_duban_env_file_is_one_line(tmp_path):
    result = duban("check", env_file=tmp_path / "missing.env", cwd=tmp_path)

    assert_one_line_naming(result, "DUBAN_ENV_FILE")


def test_a_database_without_tables_says_to_migrate_in_one_line(env_file, tmp_path):
    result = duban(
        "export",
        "json",
        "1",
        "-o",
        str(tmp_path / "plan.json"),
        env_file=env_file,
        cwd=tmp_path,
        DUBAN_DEBUG="1",
        DUBAN_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == CONFIG_EXIT
    assert "Traceback" not in result.stderr
    assert "duban migrate" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_env_file_configures_a_command_run_from_anywhere(env_file, tmp_path):
    data_dir = tmp_path / "data"
    env_file.write_text(
        f"DUBAN_DEBUG=1\nDUBAN_SECRET_KEY=a-long-enough-development-key\nDUBAN_DATA_DIR={data_dir}\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    checked = duban("check", env_file=env_file, cwd=elsewhere)
    migrated = duban("migrate", "--no-input", env_file=env_file, cwd=elsewhere)

    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout
    assert migrated.returncode == 0, migrated.stderr
    assert (data_dir / "duban.sqlite3").exists()  # the data directory is created on first use


def test_the_real_environment_wins_over_the_env_file(env_file, tmp_path):
    env_file.write_text(
        f"DUBAN_DEBUG=1\nDUBAN_DATA_DIR={tmp_path}\nDUBAN_TODAY=2020-01-01\n", encoding="utf-8"
    )
    code = "from django.conf import settings; print(settings.DUBAN_TODAY)"

    result = duban("shell", "-c", code, env_file=env_file, cwd=tmp_path, DUBAN_TODAY="2025-07-10")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2025-07-10"
