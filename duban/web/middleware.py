"""Static files served by Duban itself (WhiteNoise); input no view can store refused at the edge."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseMiddleware

from duban.lib.responses import json_error


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # WhiteNoise has no types
    """WhiteNoise that serves from the apps' folders until `duban collectstatic` has filled STATIC_ROOT."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        # WhiteNoise warns about a missing STATIC_ROOT; before collectstatic that is the normal state.
        if Path(root).is_dir():
            super().add_files(root, prefix)


NUL_REFUSED = "请求中含有空字符（NUL），无法处理。"
MULTIPART_REFUSED = "上传的内容无法解析（multipart 格式有误）。"


class InputGuardMiddleware:
    """Refuse, with 400, input no view can store: NUL in a query string, form or JSON body; broken multipart.

    PostgreSQL rejects NUL in text, so one let through surfaces as a 500 far from where it came in. Django's
    form fields refuse NUL too, but the API's schemas and the views' query parameters do not: one place here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET):
            return _bad_request(request, NUL_REFUSED)
        content_type = request.content_type or ""
        if request.method == "POST" and content_type.startswith(("multipart/", "application/x-www-form")):
            try:
                names = [f.name or "" for _, files in request.FILES.lists() for f in files]
                refused = _holds_nul(request.POST) or any("\x00" in name for name in names)
            except MultiPartParserError:
                return _bad_request(request, MULTIPART_REFUSED)
            if refused:
                return _bad_request(request, NUL_REFUSED)
        elif content_type == "application/json" and _json_holds_nul(request.body):
            return _bad_request(request, NUL_REFUSED)
        return self.get_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _json_holds_nul(body: bytes) -> bool:
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False  # not JSON: the API answers that itself
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_error(400, "bad_request", message)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page of a signed-in user, every export and every API answer.

    Shared computers and proxies must not keep a bureau's plans, ledgers or tokens after sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
