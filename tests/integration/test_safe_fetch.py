"""The fetch guard refuses inner addresses before connecting, and the loopback host
exercises the real fetch: ETag/304, redirects, errors, timeouts, size cap, HTML.

"Without a connection made" is proved by replacing `socket.create_connection` (the
only way the fetcher opens a socket) with a function that fails the test, and by the
resolver stand-in for names.
"""

from __future__ import annotations

import socket

import pytest

from app.services import safe_fetch
from app.services.safe_fetch import FetchFailed, FetchPolicy, fetch
from tests.live_calendar_helpers import RunningHost, single_ics

GUARDED = FetchPolicy(allow_loopback=False, timeout=2, max_bytes=2 * 1024 * 1024)
LOOPBACK = FetchPolicy(allow_loopback=True, timeout=1, max_bytes=2 * 1024 * 1024)


@pytest.fixture
def no_connections(monkeypatch):
    made = []

    def refuse(address, *args, **kwargs):
        made.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return made


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/cal.ics", "loopback"),
        ("http://[::1]/cal.ics", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://10.0.0.1/cal.ics", "private network"),
        ("http://[::ffff:192.168.0.1]/cal.ics", "private network"),
    ],
)
def test_inner_addresses_are_refused_without_connecting(url, reason, no_connections):
    with pytest.raises(FetchFailed, match=reason):
        fetch(url, GUARDED)
    assert no_connections == []


def test_a_name_resolving_to_a_private_address_is_refused(no_connections):
    asked = []

    def resolver(host, port):
        asked.append(host)
        return ["93.184.215.14", "10.1.2.3"]  # one bad address is enough to refuse

    with pytest.raises(FetchFailed, match="calendar.example.com is not allowed.*private"):
        fetch("https://calendar.example.com/cal.ics", GUARDED, resolver=resolver)
    assert asked == ["calendar.example.com"] and no_connections == []


def test_the_real_resolver_is_used_and_checked(monkeypatch, no_connections):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.7.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchFailed, match="private network"):
        fetch("http://intranet.example.com/cal.ics", GUARDED)
    assert no_connections == []


def test_a_public_url_redirecting_to_a_private_one_is_refused(monkeypatch):
    """The first hop is "public" (the resolver says so) but served by the loopback host;
    its redirect to 10.0.0.1 is refused before any connection to it."""
    with RunningHost() as host:
        host.serve("/cal.ics", b"", status=302, location="http://10.0.0.1/internal.ics")
        connected = []
        real = socket.create_connection

        def tracking(address, *args, **kwargs):
            connected.append(address[0])
            return real(address, *args, **kwargs)

        monkeypatch.setattr(socket, "create_connection", tracking)

        def resolver(name, port):
            return ["127.0.0.1"] if name == "public.example.com" else [name]

        public = FetchPolicy(allow_loopback=True, timeout=2, max_bytes=1024)
        with pytest.raises(FetchFailed, match="10.0.0.1 is not allowed.*private"):
            fetch(f"http://public.example.com:{host.port}/cal.ics", public, resolver=resolver)
    assert connected == ["127.0.0.1"]


def test_loopback_is_allowed_only_with_the_allowance():
    body = single_ics(*_span())
    with RunningHost() as host:
        url = host.serve("/cal.ics", body)
        assert fetch(url, LOOPBACK).body == body
        with pytest.raises(FetchFailed, match="loopback"):
            fetch(url, GUARDED)


def _span():
    from datetime import UTC, datetime

    return datetime(2026, 12, 1, 10, tzinfo=UTC), datetime(2026, 12, 1, 11, tzinfo=UTC)


def test_conditional_get_gets_304():
    with RunningHost() as host:
        url = host.serve("/cal.ics", single_ics(*_span()))
        first = fetch(url, LOOPBACK)
        again = fetch(url, LOOPBACK, etag=first.etag)
    assert first.etag and not first.not_modified
    assert again.not_modified and again.body is None
    assert host.requests[1][1]["If-None-Match"] == first.etag


def test_redirects_are_followed_at_most_three_times():
    with RunningHost() as host:
        for n in range(5):
            host.serve(f"/r{n}", b"", status=302, location=f"/r{n + 1}")
        host.serve("/r5", single_ics(*_span()))
        assert fetch(host.url("/r2"), LOOPBACK).body  # r2 -> r3 -> r4 -> r5: three hops
        with pytest.raises(FetchFailed, match="redirected more than 3 times"):
            fetch(host.url("/r0"), LOOPBACK)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 500}, "The server answered 500: it is having trouble"),
        ({"status": 404}, "The server answered 404: the address no longer exists"),
        ({"status": 401}, "The server answered 401: the secret address may have been reset"),
        ({"content_type": "text/html; charset=utf-8"}, "web page, not a calendar"),
        ({"delay": 2.5}, "did not answer within 1 seconds"),
    ],
)
def test_refusals_have_plain_messages(answer, message):
    with RunningHost() as host:
        url = host.serve("/cal.ics", b"<html>hello</html>", **answer)
        with pytest.raises(FetchFailed, match=message):
            fetch(url, LOOPBACK)


def test_a_body_over_the_cap_is_refused():
    with RunningHost() as host:
        url = host.serve("/big.ics", b"BEGIN:VCALENDAR\r\n" + b"X" * (20 * 1024 * 1024))
        with pytest.raises(FetchFailed, match="larger than the 2 MB limit"):
            fetch(url, LOOPBACK)


def test_an_unknown_name_has_a_message(monkeypatch):
    def unknown(*args, **kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(FetchFailed, match="could not be found"):
        fetch("https://nowhere.invalid/cal.ics", GUARDED)


def test_a_closed_port_cannot_be_reached():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(FetchFailed, match="could not be reached"):
        fetch(f"http://127.0.0.1:{port}/cal.ics", LOOPBACK)


def test_messages_never_carry_the_address():
    with RunningHost() as host:
        url = host.serve("/private-s3cr3t/basic.ics", b"", status=500)
        with pytest.raises(FetchFailed) as caught:
            fetch(url, LOOPBACK)
    assert "s3cr3t" not in caught.value.reason
    assert safe_fetch.MAX_REDIRECTS == 3
