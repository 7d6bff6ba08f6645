"""Who may use the import wizard, decided by duban.accounts.permissions.can_import."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from duban.accounts import permissions
from duban.accounts.models import User

IMPORT_FORBIDDEN = "只有督办员和系统管理员可以导入方案。"


def request_user(request: HttpRequest) -> User:
    """The signed-in user (views are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def can_import(user: User) -> bool:
    """Whether the user may import plans into their own organisation."""
    return permissions.can_import(user, user.organization_id)


def import_permission_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in, then 403 for anyone who may not import."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_import(request_user(request)):
            raise PermissionDenied(IMPORT_FORBIDDEN)
        return view(request, *args, **kwargs)

    return login_required(guarded)
