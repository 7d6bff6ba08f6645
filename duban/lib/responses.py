"""The JSON error body of the API, below the apps so middleware can answer an API path in the same shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import JsonResponse


def error_body(code: str, message: str, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The body every error answer carries."""
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def json_error(status: int, code: str, message: str, fields: Mapping[str, str] | None = None) -> JsonResponse:
    """The error body outside django-ninja's handlers (unknown addresses, methods, refused input)."""
    return JsonResponse(
        error_body(code, message, fields), status=status, json_dumps_params={"ensure_ascii": False}
    )
