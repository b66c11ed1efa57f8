"""Rules for live calendars (subscriptions and CalDAV accounts), free of I/O.

The services fetch calendars that members point us at; what is allowed, how an
address is shown, how long to wait after a failure and how a failure is put into
plain words are decided here, so they can be tested without a network:

- `parse_calendar_url`: only http(s) and webcal (read as https), no user name or
  password inside the address, a host is required.
- `address_refusal`: why a resolved IP address must not be fetched from (loopback,
  private, link-local and cloud metadata, multicast, reserved; IPv4 and IPv6, and
  IPv4 addresses wrapped in IPv6), or None when it is a public address.
- `mask_url`: how a secret address is shown once saved (scheme and host only).
- `retry_delay`: exponential back-off, capped.
- `status_message`: an HTTP status in plain words, with what to do about it.
- `last_read_note`: "Priya's calendar was last read 3 hours ago".
- `for_own_calendar`: a meeting's invite file as written back into a member's calendar.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from icalendar import Calendar

from app.domain.errors import DomainError

KIND_ICS = "ics"
KIND_CALDAV = "caldav"
MAX_URL = 2000
FIRST_RETRY = timedelta(minutes=5)
_METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))


class AddressRefused(DomainError):
    """A calendar address we will not fetch; `reason` says why, fit to show."""

    def __init__(self, reason: str) -> None:
        super().__init__("url", reason)


@dataclass(frozen=True)
class CalendarUrl:
    """A checked address: `url` as we fetch it (webcal read as https)."""

    url: str
    scheme: str
    host: str
    port: int


def parse_calendar_url(text: str) -> CalendarUrl:
    """The address as we will fetch it, or `AddressRefused` saying what is wrong."""
    raw = (text or "").strip()
    if not raw:
        raise AddressRefused("Paste the calendar's address.")
    if len(raw) > MAX_URL:
        raise AddressRefused(f"That address is longer than {MAX_URL} characters.")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise AddressRefused("That is not a web address we can read.") from error
    scheme = parts.scheme.lower()
    if scheme == "webcal":
        scheme = "https"
    if scheme not in ("http", "https"):
        raise AddressRefused("Only http://, https:// and webcal:// addresses can be used.")
    if parts.username or parts.password:
        raise AddressRefused(
            "Addresses with a user name or password in them are not supported; "
            "use a CalDAV account for calendars that need a login."
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise AddressRefused("That address has no server name in it.")
    port = port or (443 if scheme == "https" else 80)
    url = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return CalendarUrl(url, scheme, host, port)


def address_refusal(address: str, *, allow_loopback: bool) -> str | None:
    """Why this server must not connect to `address`, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "it points at this server itself (loopback)"
    if ip in _METADATA:
        return "it points at the cloud metadata service"
    if ip.is_link_local:
        return "it points at a link-local address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "it points at an address that is not a real server"
    if ip.is_private or not ip.is_global:
        return "it points at a private network address"
    return None


def refusal_message(host: str, reason: str) -> str:
    """The member-facing sentence for a refused address."""
    return f"That address cannot be used: {host} is not allowed because {reason}."


def mask_url(url: str) -> str:
    """Scheme and host only: the rest of a secret address is never shown again."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}/…"


def retry_delay(failures: int, period: timedelta, cap: timedelta) -> timedelta:
    """Wait after the `failures`-th failure in a row: 5 minutes, doubling each time,
    at most `cap` (a cap below the refresh period is raised to it)."""
    cap = max(cap, period)
    if failures <= 0:
        return period
    exponent = min(failures - 1, 20)
    return min(FIRST_RETRY * (2**exponent), cap)


_STATUS_ADVICE = {
    401: "check the user name and app password",
    403: "check the user name and app password, and that this account may read it",
    404: "the address no longer exists; copy it again from your calendar",
    410: "the address no longer exists; copy it again from your calendar",
    429: "it asked us to slow down; we will try again later",
}


def status_message(status: int, kind: str) -> str:
    """An HTTP error status in plain words: "the server answered 401: check …"."""
    advice = _STATUS_ADVICE.get(status)
    if status in (401, 403) and kind == KIND_ICS:
        advice = "the secret address may have been reset; copy it again from your calendar"
    if advice is None:
        advice = (
            "it is having trouble; we will try again later"
            if status >= 500
            else "it did not send the calendar"
        )
    return f"The server answered {status}: {advice}."


def is_stale(last_success: datetime | None, now: datetime, period: timedelta) -> bool:
    """Calendar data older than two refresh periods (or never read) is stale."""
    return last_success is None or now - last_success > 2 * period


def age_in_words(then: datetime, now: datetime) -> str:
    """ "3 hours ago", "2 days ago", "5 minutes ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def last_read_note(name: str, last_success: datetime | None, now: datetime) -> str:
    """ "Priya's calendar was last read 3 hours ago" (or has not been read yet)."""
    if last_success is None:
        return f"{name}'s calendar has not been read yet, so their busy time may be missing."
    return (
        f"{name}'s calendar was last read {age_in_words(last_success, now)}, "
        "so newer events there are not taken into account."
    )


_SCHEDULING_PROPERTIES = ("ORGANIZER", "ATTENDEE")


def for_own_calendar(ics: bytes) -> bytes:
    """A meeting's calendar file as stored in an attendee's own calendar by write-back.

    Same UID, SEQUENCE, times and title as the invite file, without METHOD (a stored
    calendar object must not have one, RFC 4791) and without ORGANIZER/ATTENDEE, so a
    server with implicit scheduling does not mail the other attendees a second invite.
    """
    calendar = Calendar.from_ical(ics)
    calendar.pop("METHOD", None)
    for event in calendar.walk("VEVENT"):
        for name in _SCHEDULING_PROPERTIES:
            event.pop(name, None)
    return calendar.to_ical()
