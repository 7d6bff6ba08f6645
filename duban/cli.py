"""The `duban` console command: `duban parse` runs without Django; everything else is a management command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

# Development settings written by `make demo`; DUBAN_ENV_FILE names another file (tests use their own).
ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


class ConfigurationError(Exception):
    """A setting is missing or wrong; the message names the variable and how to set it."""


def env_file_load() -> None:
    """Read the `.env` file into the environment; a variable already set in the environment wins."""
    from dotenv import load_dotenv

    named = os.environ.get("DUBAN_ENV_FILE", "").strip()
    path = Path(named) if named else ENV_FILE
    if named and not path.is_file():
        raise ConfigurationError(
            f"DUBAN_ENV_FILE={named!r} is not a file: point it at a .env file or unset it."
        )
    if path.is_file():
        load_dotenv(path, override=False, encoding="utf-8")


def _fail(message: str) -> NoReturn:
    # One line and the configuration exit status (sysexits' EX_CONFIG), never a traceback.
    sys.stderr.write(f"duban: {' '.join(message.split())}\n")
    sys.exit(78)


def run_django(argv: list[str]) -> None:
    """Run a Django management command with Duban's settings, read from the environment and `.env`."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError

    try:
        env_file_load()
    except ConfigurationError as exc:
        _fail(str(exc))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    try:
        # Settings are read here, before Django would hide the cause behind "Unknown command".
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(
            f"the database refused ({first_line}). Check DATABASE_URL (unset: SQLite in DUBAN_DATA_DIR) "
            "and run `duban migrate` on a new database."
        )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `duban` console script."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "parse":
        # Parsing must not need a database or settings, so it stays out of Django entirely.
        from duban.ingest.cli import main as parse_main

        sys.exit(parse_main(args[2:]))
    run_django(["duban", *args[1:]])
