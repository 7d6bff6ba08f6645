"""Entry point of the ingest library: a path or bytes in, a ParsedPlan out."""

from __future__ import annotations

from pathlib import Path

from duban.ingest.errors import UnreadableDocument
from duban.ingest.layout import recognise
from duban.ingest.model import ParsedPlan
from duban.ingest.registry import read

MAX_BYTES = 100 * 1024 * 1024


def parse(source: str | Path | bytes, *, filename: str | None = None) -> ParsedPlan:
    """Read a plan document of any supported format into a ParsedPlan.

    Raises UnreadableDocument (unreadable or unsupported) or NoTasksFound (no task table or list).
    """
    if isinstance(source, bytes):
        content = source
    else:
        path = Path(source)
        filename = filename or path.name
        content = _read_file(path)
    if len(content) > MAX_BYTES:
        raise UnreadableDocument(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，拒绝读取")
    return recognise(read(content, filename))


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableDocument(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，拒绝读取")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(f"这是一个目录，不是文件：{path}") from exc
    except PermissionError as exc:
        raise UnreadableDocument(f"没有权限读取文件：{path}") from exc
