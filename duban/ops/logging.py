"""Structured logs: one JSON object per line, and a line for every write request with who and where."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

write_log = logging.getLogger("duban.writes")
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class WriteLogMiddleware:
    """Log every request that may change data, with its user, organisation, status and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _SAFE_METHODS:
            return self.get_response(request)
        started = time.perf_counter()
        # Who acted: the user before the request (a logout) or, failing that, after it (a login).
        before = _who(request)
        response = self.get_response(request)
        who = before if before["user_id"] is not None else _who(request)
        write_log.info(
            "write",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                **who,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def _who(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_id": None, "username": None, "organization_id": None}
    return {
        "user_id": user.pk,
        "username": user.get_username(),
        "organization_id": getattr(user, "organization_id", None),
    }
