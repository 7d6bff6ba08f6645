"""Who may use the import wizard: supervisors and admins of an organisation.

Kept here until duban.accounts.permissions offers the same rule; then this module should call it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from duban.accounts.models import Role, User

IMPORT_FORBIDDEN = "只有督办员和系统管理员可以导入方案。"


def request_user(request: HttpRequest) -> User:
    """The signed-in user (views are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def can_import(user: User) -> bool:
    """Supervisors and admins who belong to an organisation may import plans into it."""
    if not user.is_authenticated or user.organization_id is None:
        return False
    return user.role in {Role.SUPERVISOR, Role.ADMIN} or user.is_superuser


def import_permission_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in, then 403 for anyone who may not import."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_import(request_user(request)):
            raise PermissionDenied(IMPORT_FORBIDDEN)
        return view(request, *args, **kwargs)

    return login_required(guarded)
