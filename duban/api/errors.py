"""One error body for every refusal: {"error": {"code": "...", "message": "中文消息", "fields": {...}}}.

| status | code | when |
| --- | --- | --- |
| 400 | bad_request | the body is not JSON or not a form |
| 401 | unauthenticated | no valid token and no signed-in session |
| 403 | forbidden, csrf_failed, or a rule's code | signed in, but the rules refuse (a leader writes) |
| 404 | not_found | no such object, or one of another organisation (so ids cannot be probed) |
| 405 | method_not_allowed | the address exists, the method does not (Allow lists the ones it has) |
| 409 | a rule's code, plan_exists | the object's state forbids it now (already reviewed, …) |
| 413 | too_large, attachment_too_large | a plan over DUBAN_MAX_UPLOAD_BYTES, evidence over its own limit |
| 422 | invalid, a rule's code, unreadable_document, no_tasks_found | input the schema or a rule rejects |
| 429 | rate_limited | over the rate limit; Retry-After says when to try again |
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from duban.ingest import IngestError
from duban.ingest.errors import NoTasksFound
from duban.lib.responses import error_body, json_error
from duban.plans.services import PlanAlreadyExists
from duban.tracking import errors as tracking_errors
from duban.tracking.errors import NotAllowed, TrackingError

logger = logging.getLogger("duban.api")
E = TypeVar("E", bound=Exception)

UNAUTHENTICATED = "请先登录，或在请求头 Authorization 中提供有效的 API 令牌（Bearer）。"
NOT_FOUND = "对象不存在。"
INVALID = "请求内容有误，请检查标出的字段。"
BAD_REQUEST = "请求内容无法解析，应为 JSON 或表单。"
CSRF_FAILED = "CSRF 校验失败：使用登录会话写入时，请在请求头 X-CSRFToken 中附上 CSRF 令牌。"
RATE_LIMITED = "请求过于频繁，请 {wait} 秒后再试。"
TOO_LARGE = "文件超过 {limit} MB 的大小限制。"
SERVER_ERROR = "服务器内部错误，请稍后重试。"
METHOD_NOT_ALLOWED = "该地址不支持 {method} 请求，可用的方法：{allowed}。"
FORBIDDEN = tracking_errors.NOT_ALLOWED

# Refusals caused by the object's current state, not by the input: 409 Conflict.
_CONFLICTS = {
    "PLAN_NOT_PUBLISHED",
    "PLAN_ALREADY_PUBLISHED",
    "TASK_COMPLETED",
    "STATE_FORBIDS",
    "REPORT_EXISTS",
    "REPORT_NOT_DRAFT",
    "REPORT_NOT_SUBMITTED",
    "REPORT_NOT_RETURNED",
    "NO_CYCLE",
    "REQUEST_PENDING",
    "REQUEST_NOT_PENDING",
    "CASCADE_ALREADY_SENT",
    "CASCADE_ALREADY_ACCEPTED",
    "CASCADE_WITHDRAW_ACCEPTED",
    "CASCADE_WITHDRAW_STARTED",
    "CASCADED_TASK_FIXED",
    "CASCADE_OF_CASCADED",
    "DOCUMENTS_PENDING",
    "DOCUMENT_ISSUED_ALREADY",
    "DOCUMENT_NOT_ISSUED",
    "DOCUMENT_NOT_DELIVERABLE",
    "DOCUMENT_EXISTS",
    "DOCUMENTS_NONE_PENDING",
    "SIGNOFF_ALREADY_SIGNED",
    "SIGNOFF_NONE_PENDING",
    "NODES_NOT_PROPOSED",
    "NODE_NOT_APPROVED",
    "NODE_ALREADY_DONE",
}
# The request field a rule's refusal is about, so clients can show it beside the field.
_FIELDS = {
    "TEXT_REQUIRED": "text",
    "PROGRESS_REQUIRED": "progress",
    "PROGRESS_OUT_OF_RANGE": "progress",
    "PROGRESS_NOT_FOR_SUPPORT": "progress",
    "TARGET_VALUE_INVALID": "target_values",
    "TARGET_NOT_OF_TASK": "target_values",
    "ATTACHMENT_EMPTY": "files",
    "ATTACHMENT_TOO_LARGE": "files",
    "ATTACHMENT_TYPE_REFUSED": "files",
    "ATTACHMENTS_TOO_MANY": "files",
    "REASON_REQUIRED": "reason",
    "EXTENSION_NOT_LATER": "new_deadline",
    "CYCLE_INVALID": "cycle",
    "DUE_DAY_OUT_OF_RANGE": "due_day",
    "CUSTOM_DATES_REQUIRED": "custom_due_dates",
    "DEADLINE_BEFORE_START": "default_deadline",
    "TASK_DEADLINE_BEFORE_START": "deadline",
    "NODES_REQUIRED": "nodes",
    "NODE_TITLE_REQUIRED": "nodes",
    "NODE_DATE_REPEATED": "nodes",
    "NODE_AFTER_DEADLINE": "nodes",
    "NODE_PERCENT_INVALID": "nodes",
    "NODE_PERCENT_DECREASING": "nodes",
    "NODE_DONE_IN_FUTURE": "done_on",
    "EVIDENCE_REQUIRED": "evidence",
    "COMMENT_REQUIRED": "comment",
    "MESSAGE_REQUIRED": "message",
    "CASCADE_NO_TASKS": "task_ids",
    "CASCADE_ONE_PLAN": "task_ids",
    "CASCADE_NO_ORGANIZATIONS": "organization_ids",
    "CASCADE_NOT_SUBORDINATE": "organization_ids",
    "CASCADE_ORGANIZATION_UNKNOWN": "organization_ids",
    "CASCADE_SHARE_MISSING": "shares",
    "CASCADE_SHARE_INVALID": "shares",
    "CASCADE_SHARES_MISMATCH": "shares",
    "CASCADE_LEAD_REQUIRED": "lead_unit_ids",
    "CASCADE_UNIT_NOT_OWN": "lead_unit_ids",
    "CASCADE_TEXT_REQUIRED": "text",
    "ITEM_TEXT_REQUIRED": "text",
    "ITEM_SOURCE_KIND_INVALID": "source_kind",
    "ITEM_SOURCE_REQUIRED": "source_text",
    "ITEM_DEADLINE_BEFORE_ASSIGNED": "deadline",
    "ITEM_LEAD_REQUIRED": "lead_unit_ids",
    "ITEM_UNIT_TWICE": "support_unit_ids",
    "ITEM_UNIT_UNKNOWN": "lead_unit_ids",
    "ITEM_REPORT_REQUIRED": "files",
    "DOCUMENT_NUMBER_REQUIRED": "doc_number",
    "DOCUMENT_DATE_REQUIRED": "issued_on",
    "DOCUMENT_DATE_FUTURE": "issued_on",
    "DOCUMENT_FILE_REQUIRED": "files",
    "DOCUMENT_ONE_FILE": "files",
    "DOCUMENT_TITLE_REQUIRED": "title",
    "RECIPIENTS_REQUIRED": "roles",
    "REPLY_BY_PAST": "reply_by",
    "SIGNOFF_NOTE_TOO_LONG": "note",
}
_PYDANTIC_MESSAGES = {
    "missing": "此项为必填项。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "bool_parsing": "应为 true 或 false。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_type": "日期格式应为 YYYY-MM-DD。",
    "decimal_parsing": "应为数字。",
    "finite_number": "应为有限的数字。",
    "string_type": "应为文本。",
    "string_too_long": "内容过长。",
    "greater_than_equal": "数值过小。",
    "less_than_equal": "数值过大。",
    "literal_error": "取值不在允许的范围内。",
    "json_invalid": "不是有效的 JSON。",
}
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie", "payload"}


class PayloadTooLarge(Exception):
    """An upload over the configured size limit."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        super().__init__(TOO_LARGE.format(limit=limit_bytes // (1024 * 1024)))


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for name, value in vars(tracking_errors).items():
        if name.isupper() and isinstance(value, str):
            regex = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(value))
            patterns.append((re.compile(regex, re.DOTALL), name))
    return patterns


def tracking_error_code(message: str) -> str | None:
    """The name of the tracking.errors constant a refusal's message was made from, if any."""
    for pattern, name in _templates():
        if pattern.fullmatch(message):
            return name
    return None


def _tracking_error_status(exc: TrackingError) -> tuple[int, str, dict[str, str]]:
    name = tracking_error_code(exc.message)
    code = name.lower() if name else "refused"
    fields = {_FIELDS[name]: exc.message} if name in _FIELDS else {}
    if isinstance(exc, NotAllowed):
        return 403, code, fields
    if name == "ATTACHMENT_TOO_LARGE":
        return 413, code, fields
    if name in _CONFLICTS:
        return 409, code, fields
    return 422, code, fields


def method_not_allowed(request: HttpRequest, allowed: Sequence[str]) -> JsonResponse:
    """405 in the API's error shape, keeping the Allow header django-ninja computed."""
    methods = sorted(method.strip().upper() for method in allowed if method.strip())
    message = METHOD_NOT_ALLOWED.format(method=request.method, allowed="、".join(methods) or "无")
    response = json_error(405, "method_not_allowed", message)
    response["Allow"] = ", ".join(methods)
    return response


def _field_name(loc: Sequence[object]) -> str:
    parts = [str(part) for part in loc]
    while parts and parts[0] in _SOURCES:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def validation_fields(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Pydantic's errors as {field: Chinese message}."""
    fields: dict[str, str] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()))
        fields.setdefault(name, _PYDANTIC_MESSAGES.get(str(error.get("type")), str(error.get("msg", ""))))
    return fields


def register(api: NinjaAPI) -> None:
    """Answer every exception the endpoints and services raise with the one error body."""

    def respond(
        request: HttpRequest, status: int, code: str, message: str, fields: Mapping[str, str] | None = None
    ) -> HttpResponse:
        return api.create_response(request, error_body(code, message, fields), status=status)

    def on_tracking(request: HttpRequest, exc: TrackingError) -> HttpResponse:
        status, code, fields = _tracking_error_status(exc)
        return respond(request, status, code, exc.message, fields)

    def on_ingest(request: HttpRequest, exc: IngestError) -> HttpResponse:
        code = "no_tasks_found" if isinstance(exc, NoTasksFound) else "unreadable_document"
        return respond(request, 422, code, str(exc), {"file": str(exc)})

    def on_plan_exists(request: HttpRequest, exc: PlanAlreadyExists) -> HttpResponse:
        return respond(request, 409, "plan_exists", str(exc), {"replace": str(exc)})

    def on_too_large(request: HttpRequest, exc: PayloadTooLarge) -> HttpResponse:
        return respond(request, 413, "too_large", str(exc), {"file": str(exc)})

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if exc.args and str(exc) else NOT_FOUND
        return respond(request, 404, "not_found", message)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, "invalid", INVALID, validation_fields(exc.errors))

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, "unauthenticated", UNAUTHENTICATED)
        response["WWW-Authenticate"] = 'Bearer realm="duban"'
        return response

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = int(exc.wait or 1)
        response = respond(request, 429, "rate_limited", RATE_LIMITED.format(wait=wait))
        response["Retry-After"] = str(wait)
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403 and "CSRF" in str(exc):
            return respond(request, 403, "csrf_failed", CSRF_FAILED)
        if exc.status_code == 400:
            return respond(request, 400, "bad_request", BAD_REQUEST)
        if exc.status_code == 403:
            return respond(request, 403, "forbidden", FORBIDDEN)
        return respond(request, exc.status_code, "error", str(exc))

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "server_error", SERVER_ERROR)

    _on(api, TrackingError, on_tracking)
    _on(api, IngestError, on_ingest)
    _on(api, PlanAlreadyExists, on_plan_exists)
    _on(api, PayloadTooLarge, on_too_large)
    _on(api, Http404, on_not_found)
    _on(api, ValidationError, on_validation)
    _on(api, AuthenticationError, on_unauthenticated)
    _on(api, Throttled, on_throttled)
    _on(api, HttpError, on_http_error)
    _on(api, Exception, on_unexpected)


def _on(api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]) -> None:
    # django-ninja's annotation asks for a handler of `E | type[E]`; it is only ever called with instances.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]
