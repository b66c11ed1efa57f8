"""Fetching a calendar address a member typed, without letting it reach inside our network.

Members paste addresses; the server fetches them. That makes this a server-side
request forgery target, so every fetch:

- accepts only http, https and webcal (read as https) addresses without a login in
  them (`app.domain.calendar.live.parse_calendar_url`);
- resolves the host itself and refuses the whole fetch when any address it resolves
  to is loopback, private, link-local, cloud metadata or otherwise not public (unless
  `allow_loopback` lets loopback through for tests and the demo), BEFORE connecting;
- connects to exactly the address it checked (the connection is pinned to that IP,
  with the host name still sent for TLS and the Host header), so a DNS answer cannot
  change between the check and the connection;
- follows at most `MAX_REDIRECTS` redirects, each checked like the first address;
- has a connect/read timeout per socket operation and an overall deadline;
- reads at most `max_bytes` (the import limit) and refuses anything larger;
- sends If-None-Match / If-Modified-Since, so an unchanged calendar costs a 304.

Every refusal is a `FetchFailed` whose `reason` is a plain sentence fit to show the
member. Addresses are never put into messages or logs (a subscription address is a
secret); at most the host name is.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from app.domain.calendar.live import (
    KIND_ICS,
    AddressRefused,
    CalendarUrl,
    address_refusal,
    parse_calendar_url,
    refusal_message,
    status_message,
)
from app.domain.errors import DomainError

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "Teamshape calendar reader (+https://github.com/teamshape)"
Resolver = Callable[[str, int], list[str]]


class FetchFailed(DomainError):
    """The calendar could not be fetched; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__("url", reason)


@dataclass(frozen=True)
class FetchPolicy:
    """How far a fetch may go: loopback allowed?, seconds per operation, size cap."""

    allow_loopback: bool
    timeout: float
    max_bytes: int


@dataclass(frozen=True)
class Fetched:
    """A fetch's outcome: `body` is None when the server answered 304 Not Modified."""

    body: bytes | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"The server name {host} could not be found.") from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_address(
    target: CalendarUrl, policy: FetchPolicy, resolver: Resolver | None = None
) -> str:
    """The address to connect to, once every address of the host has been checked."""
    addresses = (resolver or resolve)(target.host, target.port)
    if not addresses:
        raise FetchFailed(f"The server name {target.host} could not be found.")
    for address in addresses:
        reason = address_refusal(address, allow_loopback=policy.allow_loopback)
        if reason:
            raise FetchFailed(refusal_message(target.host, reason))
    return addresses[0]


def parsed(url: str) -> CalendarUrl:
    """The address parsed and its shape checked (`FetchFailed` when refused)."""
    try:
        return parse_calendar_url(url)
    except AddressRefused as error:
        raise FetchFailed(error.reason) from error


def check_url(url: str, policy: FetchPolicy, resolver: Resolver | None = None) -> CalendarUrl:
    """Parse and vet an address without fetching it (also used before CalDAV calls)."""
    target = parsed(url)
    checked_address(target, policy, resolver)
    return target


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    resolver: Resolver | None = None,
) -> Fetched:
    """GET the calendar at `url` under `policy`; `FetchFailed` for every refusal."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + 3 * policy.timeout
    for _hop in range(MAX_REDIRECTS + 1):
        target = parsed(url)
        address = checked_address(target, policy, resolver)
        response, connection = _request(target, address, headers, policy)
        try:
            location = _redirect_location(response)
            if location is None:
                return _outcome(response, policy, deadline)
        finally:
            connection.close()
        url = urljoin(target.url, location)
    raise FetchFailed(f"The address redirected more than {MAX_REDIRECTS} times.")


def _request(
    target: CalendarUrl, address: str, headers: dict[str, str], policy: FetchPolicy
) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    connection = _connection(target, address, policy.timeout)
    parts = urlsplit(target.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse(), connection
    except TimeoutError as error:
        connection.close()
        raise FetchFailed(_timeout(target.host, policy)) from error
    except ssl.SSLError as error:
        connection.close()
        raise FetchFailed(
            f"A secure connection to {target.host} could not be made (its certificate "
            "was not accepted)."
        ) from error
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise FetchFailed(f"The server {target.host} could not be reached.") from error


def _timeout(host: str, policy: FetchPolicy) -> str:
    return f"The server {host} did not answer within {policy.timeout:g} seconds."


def _connection(target: CalendarUrl, address: str, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPS(target.host, target.port, address, timeout)
    return _PinnedHTTP(target.host, target.port, address, timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the checked IP address, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked IP address; the certificate is checked for the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _redirect_location(response: http.client.HTTPResponse) -> str | None:
    if response.status in (301, 302, 303, 307, 308):
        location = response.getheader("Location")
        if not location:
            raise FetchFailed("The server sent a redirect without saying where to.")
        return location
    return None


def _outcome(response: http.client.HTTPResponse, policy: FetchPolicy, deadline: float) -> Fetched:
    etag = response.getheader("ETag")
    last_modified = response.getheader("Last-Modified")
    if response.status == 304:
        return Fetched(None, etag, last_modified)
    if response.status != 200:
        raise FetchFailed(status_message(response.status, KIND_ICS))
    content_type = (response.getheader("Content-Type") or "").lower()
    if content_type.startswith(("text/html", "application/xhtml")):
        raise FetchFailed(
            "The address answered with a web page, not a calendar: use the calendar's "
            "“secret address in iCal format” (it usually ends in .ics)."
        )
    return Fetched(_read_capped(response, policy, deadline), etag, last_modified)


def _read_capped(
    response: http.client.HTTPResponse, policy: FetchPolicy, deadline: float
) -> bytes:
    limit = policy.max_bytes
    too_large = f"The calendar is larger than the {limit / (1024 * 1024):g} MB limit."
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchFailed(too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchFailed(too_large)
            if time.monotonic() > deadline:
                raise FetchFailed("The server took too long to send the calendar.")
            chunks.append(chunk)
    except TimeoutError as error:
        raise FetchFailed("The server stopped sending the calendar part-way.") from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchFailed("The connection broke while the calendar was being read.") from error
    return b"".join(chunks)
