"""Who calls: a personal API token (Authorization: Bearer …) or the web session (with CSRF on writes).

Both end with request.user set to the caller, so the permission functions see the same user either way,
and both count the request against the caller's rate limit; a request that authenticates as nobody
counts against its address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from duban.accounts.models import User
from duban.accounts.services import token_authenticate, token_hash
from duban.api import ratelimit


class TokenAuth(HttpBearer):
    """A personal API token: acts with its user's permissions until revoked."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(secret=token.strip())
        if user is None:
            return None
        request.user = user
        ratelimit.enforce(f"token:{token_hash(token.strip())[:32]}", settings.DUBAN_API_RATE_LIMIT)
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in web session; writes need the CSRF token (header X-CSRFToken)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF matters only for a session that is signed in; anyone else is refused as unauthenticated.
        if not request.user.is_authenticated:
            return None
        key: str | None = super()._get_key(request)
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            ratelimit.enforce(f"user:{user.pk}", settings.DUBAN_API_RATE_LIMIT)
            return user
        ratelimit.enforce(f"ip:{ratelimit.client_address(request)}", settings.DUBAN_API_ANON_RATE_LIMIT)
        return None
