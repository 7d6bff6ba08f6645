"""Entry point of the ingest library: a path or bytes in, a ParsedPlan out."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from duban.ingest.document import Document
from duban.ingest.errors import UnreadableDocument
from duban.ingest.layout import recognise
from duban.ingest.model import ParsedPlan
from duban.ingest.registry import read

MAX_BYTES = 100 * 1024 * 1024


def parse(source: str | Path | bytes, *, filename: str | None = None) -> ParsedPlan:
    """Read a plan document of any supported format into a ParsedPlan.

    Raises UnreadableDocument (unreadable or unsupported) or NoTasksFound (no task table or list).
    """
    return parse_with_document(source, filename=filename)[0]


def parse_with_document(
    source: str | Path | bytes, *, filename: str | None = None
) -> tuple[ParsedPlan, Document]:
    """Like parse, also giving the neutral document the plan was read from (the import wizard shows it)."""
    if isinstance(source, bytes):
        content = source
    else:
        path = Path(source)
        filename = filename or path.name
        content = _read_file(path)
    if len(content) > MAX_BYTES:
        raise UnreadableDocument(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，拒绝读取")
    with _collection_paused():
        document = read(content, filename)
        return recognise(document), document


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


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a plan is read.

    A large plan builds some 100,000 containers that live until the parse returns; CPython would
    rescan them in every full collection, 4–5% of a 10,000-task parse. Reference counting still frees
    whatever dies on the way, and what a reader's library leaves in cycles is collected once the
    pause ends. Overlapping parses in other threads share one pause, and the collector is switched
    back on only if it was on before the first.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
