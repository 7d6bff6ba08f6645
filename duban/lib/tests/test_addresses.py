"""The client's address behind trusted proxies, and never from a header a client could forge."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from duban.lib.addresses import client_address


def _request(peer: str, forwarded: str | None = None):
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = peer
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards(settings):
    settings.DUBAN_TRUSTED_PROXIES = []

    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]

    # The client forged the first entry; the edge proxy 10.0.0.5 appended what it saw: 198.51.100.7.
    request = _request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.5")

    assert client_address(request) == "198.51.100.7"


def test_a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_address(_request("198.51.100.7", "10.0.0.1")) == "198.51.100.7"


def test_when_every_entry_is_a_proxy_the_farthest_one_stands_for_the_client(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_address(_request("10.0.0.1", "10.0.0.3, 10.0.0.2")) == "10.0.0.3"
    assert client_address(_request("10.0.0.1")) == "10.0.0.1"


def test_an_entry_that_is_no_address_stops_the_walk_at_the_last_hop_vouched_for(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_address(_request("10.0.0.1", "198.51.100.7, not-an-ip")) == "10.0.0.1"


def test_ipv6_proxies_and_ipv4_mapped_clients_are_understood(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["::1", "fd00::/8"]

    assert client_address(_request("::1", "2001:db8::7, fd00::2")) == "2001:db8::7"
    assert client_address(_request("::ffff:203.0.113.9")) == "203.0.113.9"


def test_a_misconfigured_proxy_list_is_reported(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["proxy.example"]

    with pytest.raises(ImproperlyConfigured, match="DUBAN_TRUSTED_PROXIES"):
        client_address(_request("10.0.0.1"))


def test_a_request_without_a_peer_has_no_address(settings):
    settings.DUBAN_TRUSTED_PROXIES = []
    request = _request("")

    assert client_address(request) is None
