"""URLs of the API: the NinjaAPI's own, then a JSON 404 for anything else under /api/v1/."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from duban.api.api import api
from duban.api.errors import NOT_FOUND, error_body


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An unknown API address answers in the API's error shape, not with the HTML 404 page."""
    return JsonResponse(
        error_body("not_found", NOT_FOUND), status=404, json_dumps_params={"ensure_ascii": False}
    )


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
