"""URLs of the API: the NinjaAPI's own, then a JSON 404 for anything else under /api/v1/.

django-ninja answers a method an address lacks with a bodiless 405; every API view is wrapped so that
answer carries the same error body as every other refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path

from duban.api.api import api
from duban.api.errors import NOT_FOUND, method_not_allowed
from duban.lib.responses import json_error

View = Callable[..., HttpResponseBase]


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An unknown API address answers in the API's error shape, not with the HTML 404 page."""
    return json_error(404, "not_found", NOT_FOUND)


def json_method_not_allowed(view: View) -> View:
    """The view, with django-ninja's plain 405 replaced by the JSON error body (Allow kept)."""

    @wraps(view)  # keeps csrf_exempt and the other attributes django-ninja set on its view
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            return method_not_allowed(request, response.get("Allow", "").split(","))
        return response

    return wrapped


def _wrapped(patterns: list[URLResolver | URLPattern]) -> list[URLResolver | URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_not_allowed(pattern.callback)
        else:
            _wrapped(pattern.url_patterns)
    return patterns


_api_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path("", (_wrapped(_api_patterns), _app_name, _namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
