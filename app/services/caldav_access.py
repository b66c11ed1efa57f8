"""Talking to a member's CalDAV account through the `caldav` library.

Four things: list the account's calendars, read the events of the ticked ones over
a time window (a time-range `calendar-query`, unexpanded, so recurrences and
exceptions are expanded by `app.domain.calendar.parse_busy` exactly as for an
uploaded file), tell from each calendar's `getctag` whether anything changed since
the last read (then nothing is downloaded), and put or remove a Teamshape meeting
for write-back.

Before any request the server's host is resolved and vetted like a subscription
address (`safe_fetch.check_url`: no loopback, private or metadata addresses), RFC
6764 discovery is off (it would follow DNS to other hosts), and every request has a
timeout. Every failure becomes `FetchFailed` with a plain sentence; the library's own
exception text is never shown or logged (it can carry addresses).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import caldav
from caldav.elements.base import ValuedBaseElement
from caldav.lib import error as dav_error

from app.domain.calendar.live import KIND_CALDAV, status_message
from app.services.safe_fetch import FetchFailed, FetchPolicy, check_url


class GetCTag(ValuedBaseElement):
    """The calendar's collection tag (calendarserver.org): changes with any change."""

    tag = "{http://calendarserver.org/ns/}getctag"


@dataclass(frozen=True)
class CaldavLogin:
    """Where and as whom to log in; kept only in memory, decrypted for one use."""

    url: str
    username: str
    password: str

    def __repr__(self) -> str:  # never let a password reach a log or traceback
        return "CaldavLogin(…)"


@dataclass(frozen=True)
class FoundCalendar:
    """A calendar in the account: its address on the server and its display name."""

    url: str
    name: str


@dataclass(frozen=True)
class ReadCalendars:
    """What a read found: the events as iCalendar text (None: nothing changed) and the
    calendars' new tags."""

    data: bytes | None
    ctags: dict[str, str | None]


_STATUS_OF = {dav_error.AuthorizationError: 401, dav_error.NotFoundError: 404}


@contextmanager
def _plain_errors(host: str) -> Iterator[None]:
    """Turn the library's and the network's exceptions into `FetchFailed`."""
    try:
        yield
    except FetchFailed:
        raise
    except dav_error.DAVError as error:
        status = next((s for kind, s in _STATUS_OF.items() if isinstance(error, kind)), None)
        if status is None:
            raise FetchFailed(
                f"The CalDAV server {host} refused the request; check the server address."
            ) from None
        raise FetchFailed(status_message(status, KIND_CALDAV)) from None
    except TimeoutError:
        raise FetchFailed(f"The CalDAV server {host} did not answer in time.") from None
    except Exception:  # noqa: BLE001 - network errors of niquests/urllib3, parse errors
        raise FetchFailed(
            f"The CalDAV server {host} could not be reached or did not answer like a "
            "CalDAV server; check the server address."
        ) from None


def _client(login: CaldavLogin, policy: FetchPolicy) -> tuple[caldav.DAVClient, str]:
    target = check_url(login.url, policy)
    client = caldav.DAVClient(
        url=target.url,
        username=login.username,
        password=login.password,
        timeout=int(policy.timeout),
        enable_rfc6764=False,
    )
    return client, target.host


def list_calendars(login: CaldavLogin, policy: FetchPolicy) -> list[FoundCalendar]:
    """The account's calendars (by name), or `FetchFailed` saying why not."""
    client, host = _client(login, policy)
    with _plain_errors(host), client:
        calendars = client.principal().calendars()
        found = [FoundCalendar(str(c.url), (c.get_display_name() or "")[:200]) for c in calendars]
    return sorted(found, key=lambda c: (c.name.lower(), c.url))


def _calendar(client: caldav.DAVClient, url: str) -> caldav.Calendar:
    return caldav.Calendar(client=client, url=url)


def read_events(
    login: CaldavLogin,
    calendars: dict[str, str | None],
    window: tuple[datetime, datetime],
    policy: FetchPolicy,
) -> ReadCalendars:
    """Events of `calendars` (url -> last ctag) in `window`; data None if no ctag moved."""
    client, host = _client(login, policy)
    with _plain_errors(host), client:
        handles = {url: _calendar(client, url) for url in calendars}
        ctags = {url: handle.get_property(GetCTag()) for url, handle in handles.items()}
        if calendars and all(ctags[u] and ctags[u] == calendars[u] for u in calendars):
            return ReadCalendars(None, ctags)
        chunks: list[bytes] = []
        size = 0
        for handle in handles.values():
            found_events = handle.search(
                start=window[0], end=window[1], event=True, expand=False, post_filter=False
            )
            for found in found_events:
                chunk = _as_bytes(found.data)
                size += len(chunk)
                if size > policy.max_bytes:
                    limit = policy.max_bytes / (1024 * 1024)
                    raise FetchFailed(f"The calendars hold more than the {limit:g} MB limit.")
                chunks.append(chunk)
    return ReadCalendars(b"\r\n".join(chunks), ctags)


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data


def _event_url(calendar_url: str, uid: str) -> str:
    return calendar_url.rstrip("/") + "/" + quote(uid.replace("/", "%2F"), safe="@") + ".ics"


def put_event(
    login: CaldavLogin, calendar_url: str, uid: str, ical: bytes, policy: FetchPolicy
) -> None:
    """Create or replace the event with this UID in the calendar (one PUT)."""
    client, host = _client(login, policy)
    with _plain_errors(host), client:
        event = caldav.Event(
            client=client,
            url=_event_url(calendar_url, uid),
            data=ical.decode(),
            parent=_calendar(client, calendar_url),
        )
        event.save(increase_seqno=False)


def delete_event(login: CaldavLogin, calendar_url: str, uid: str, policy: FetchPolicy) -> None:
    """Remove the event with this UID from the calendar; already gone is fine."""
    client, host = _client(login, policy)
    with _plain_errors(host), client:
        event = caldav.Event(
            client=client,
            url=_event_url(calendar_url, uid),
            parent=_calendar(client, calendar_url),
        )
        try:
            event.delete()
        except dav_error.NotFoundError:
            return
