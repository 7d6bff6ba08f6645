"""`duban parse FILE`: print the parsed plan as JSON; exit 2 unreadable, 3 no tasks found."""

from __future__ import annotations

import argparse
import json
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
    json.dump(plan.to_dict(), sys.stdout, ensure_ascii=False, indent=args.indent or None)
    sys.stdout.write("\n")
    return 0
