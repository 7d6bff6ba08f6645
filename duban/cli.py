"""The `duban` console command: `duban parse` runs without Django; everything else is a management command."""

from __future__ import annotations

import os
import sys


def run_django(argv: list[str]) -> None:
    """Run a Django management command with Duban's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `duban` console script."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "parse":
        # Parsing must not need a database or settings, so it stays out of Django entirely.
        from duban.ingest.cli import main as parse_main

        sys.exit(parse_main(args[2:]))
    run_django(["duban", *args[1:]])
