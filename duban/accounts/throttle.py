"""Password spraying: one address trying many usernames is stopped, not only one username from one address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from duban.lib.addresses import client_address


def address_failures(address: str) -> int:
    """Failed sign-ins from `address` across every username within the lockout's cool-off."""
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class AddressThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every sign-in from an address over its failure limit.

    No `get_user` (so not a BaseBackend): it authenticates nobody, and Django's force_login and session
    lookups pass over it to the backend that does.

    django-axes counts failures per username and address (its AccessAttempt rows); their sum per address
    is what this limit reads, so an office behind one NAT address is locked only by many failures.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        address = client_address(request) if request is not None else None
        if address and address_failures(address) >= settings.DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT:
            # django-axes' middleware answers a request so marked with its lockout page (429).
            request.axes_locked_out = True  # type: ignore[union-attr]
            raise PermissionDenied("too many failed sign-ins from this address")
