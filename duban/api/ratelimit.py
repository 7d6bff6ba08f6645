"""A small fixed-window rate limiter on Django's cache: per token, per signed-in user, per address.

The window counter lives in the cache named by DUBAN_RATE_LIMIT_CACHE (LocMem by default, one per
process; point it at a shared cache such as Redis or Memcached when running several processes).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.errors import Throttled

from duban.lib import addresses
from duban.lib.numbers import is_ascii_number

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/min' → (120, 60): the number of requests allowed per period in seconds."""
    count, _, period = rate.partition("/")
    seconds = _PERIODS.get(period.strip().lower())
    if seconds is None or not is_ascii_number(count.strip()):
        raise ValueError(f"Invalid rate {rate!r}: expected N/s, N/min, N/h or N/day")
    return int(count), seconds


def _clock() -> float:
    """The time windows are counted in (tests hold it inside one window)."""
    return time.time()


def hit(key: str, rate: str, *, now: float | None = None) -> int | None:
    """Count one request for `key`; the seconds to wait when it is over `rate`, else None."""
    limit, period = parse_rate(rate)
    now = _clock() if now is None else now
    window = int(now // period)
    cache = caches[settings.DUBAN_RATE_LIMIT_CACHE]
    cache_key = f"duban:ratelimit:{key}:{period}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))


def enforce(key: str, rate: str) -> None:
    """Raise Throttled (answered 429 with Retry-After) when `key` is over `rate`."""
    wait = hit(key, rate)
    if wait is not None:
        raise Throttled(wait=wait)


def client_address(request: HttpRequest) -> str:
    """The caller's address: the peer, or behind trusted proxies the client they name (lib.addresses)."""
    return addresses.client_address(request) or "unknown"
