"""The client's address, the same for the API's rate limit and the login lockout (django-axes).

Behind a reverse proxy every request comes from the proxy, and the client's address is in X-Forwarded-For,
where each proxy appends the address it received the request from. Only what our own proxies wrote can be
believed (a client may send any X-Forwarded-For it likes), so the header is read from the right, past the
trusted proxies: the first entry that is not one of them is the client. A peer that is not a trusted proxy
is the client itself, whatever it sends.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@cache
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DUBAN_TRUSTED_PROXIES: {exc}") from None


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The right-most X-Forwarded-For entry no trusted proxy owns when the peer is one; else the peer.

    None when the request has no peer address (a request built in code, as Django's force_login does).
    """
    peer = _address(str(request.META.get("REMOTE_ADDR") or ""))
    if peer is None:
        return None
    networks = _networks(tuple(settings.DUBAN_TRUSTED_PROXIES))
    if not _trusted(peer, networks):
        return str(peer)
    hop = peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            break  # not written by a proxy of ours: the last hop we can vouch for stands for the client
        hop = address
        if not _trusted(address, networks):
            break
    return str(hop)
