"""`duban parse FILE`: print the parsed plan as JSON; exit 2 unreadable, 3 no tasks found."""

from __future__ import annotations

import argparse
import json
import os
import sys

from duban.ingest.errors import IngestError
from duban.ingest.parse import parse


def main(argv: list[str]) -> int:
    """Run `duban parse` with `argv` (the arguments after `parse`) and return the exit code."""
    parser = argparse.ArgumentParser(prog="duban parse", description="解析方案文件，输出 JSON（不写数据库）")
    parser.add_argument("file", help="方案文件：.txt .docx .doc .xlsx .html .pdf")
    parser.add_argument("--indent", type=int, default=2, help="JSON 缩进（0 为单行）")
    args = parser.parse_args(argv)
    try:
        plan = parse(args.file)
    except IngestError as exc:
        print(f"duban parse: {exc}", file=sys.stderr)
        return exc.exit_code
    # One string, one write: json.dump would make a write() per token (590,000 for 10,000 tasks).
    text = json.dumps(plan.to_dict(), ensure_ascii=False, indent=args.indent or None) + "\n"
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`duban parse FILE | head`): no traceback; stdout goes nowhere so the
        # interpreter's own flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a process ended by SIGPIPE
    return 0
