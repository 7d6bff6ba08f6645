"""What every endpoint needs: the caller, and objects of the caller's organisation by id (else 404)."""

from __future__ import annotations

from typing import Annotated, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from ninja import Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination
from pydantic import Field

from duban.accounts import permissions
from duban.accounts.models import User
from duban.tracking.selectors.keyset import InvalidCursor, cursor_decode

M = TypeVar("M", bound=Model)

# Ids are 64-bit in the database: anything outside is refused as input (422), never sent to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class KeysetPage(Schema):
    """limit, and either `cursor` (the `next_cursor` of the page before: keyset, stable) or `offset`."""

    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE,
        ge=1,
        le=settings.NINJA_PAGINATION_MAX_LIMIT,
        description="每页条数",
    )
    offset: int = Field(0, ge=0, le=MAX_ID, description="跳过条数（翻页请优先用 cursor）")
    cursor: str | None = Field(None, max_length=200, description="上一页返回的 next_cursor")


def cursor_or_422(text: str, *, shape: tuple[type, ...]) -> tuple[int | str, ...]:
    """A cursor's key, or 422 when it was not made by this API."""
    try:
        return cursor_decode(text, shape=shape)
    except InvalidCursor:
        raise ValidationError(
            [{"loc": ["query", "cursor"], "msg": "无效的翻页游标", "type": "value_error"}]
        ) from None


class Pagination(LimitOffsetPagination):
    """limit (default NINJA_PAGINATION_PER_PAGE, at most NINJA_PAGINATION_MAX_LIMIT) and a bounded offset."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_ID)


def caller(request: HttpRequest) -> User:
    """The authenticated user (token or session); every endpoint is behind authentication."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user


def visible_or_404(queryset: QuerySet[M], *, user: User, pk: int, missing: str) -> M:
    """The object with this id if the user's organisation holds it; otherwise 404, exactly as if absent."""
    found = queryset.filter(pk=pk, organization_id=user.organization_id or -1).first()
    if found is None or not permissions.can_view_organization(user, getattr(found, "organization_id", None)):
        raise Http404(missing)
    return found
