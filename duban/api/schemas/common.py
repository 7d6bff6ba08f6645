"""Shapes shared by several domains."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class UnitRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.display_name)


class ErrorDetail(Schema):
    code: str = Field(description="机器可读的错误代码，如 not_found、report_not_submitted")
    message: str = Field(description="给用户看的中文说明")
    fields: dict[str, str] = Field(description="出错的字段及其说明")


class ErrorOut(Schema):
    """Every error answer (400, 401, 403, 404, 409, 413, 422, 429) has this body."""

    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), ErrorOut)

# Endpoints that answer with a file document it here (django-ninja has no schema for raw bytes). A file keeps
# its own media type (text/plain, application/pdf, …, from its name), so any type is documented.
FILE_RESPONSE: dict[str, Any] = {
    "responses": {
        200: {
            "description": "文件，媒体类型为文件本身的类型（如 text/plain、application/pdf）",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
