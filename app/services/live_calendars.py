"""Members' live calendar connections: add, choose calendars, remove, list, ask for a refresh.

A connection is a subscription address (.ics over http(s)/webcal) or a CalDAV account.
Adding one checks the address against the fetch guard at once (so a refused address
is refused on the form, before anything is stored) and, for CalDAV, logs in and lists
the account's calendars so the member can tick which count as busy. Secrets are
sealed (`calendar_secrets`) before they are stored; only `shown_as` (masked) is ever
shown. Refreshing itself is `calendar_refresh`; queueing it is the caller's job
(`app.tasks`), after the transaction here has committed.

`stale_notes` gives the scheduler its "Priya's calendar was last read 3 hours ago".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.domain.calendar.live import (
    KIND_CALDAV,
    KIND_ICS,
    is_stale,
    last_read_note,
    mask_url,
)
from app.domain.errors import DomainError, NotFound
from app.extensions import db
from app.models import BusyInterval, CalendarConnection, ConnectionCalendar, Member
from app.services import busy_time, caldav_access, calendar_secrets
from app.services.safe_fetch import FetchFailed, FetchPolicy, check_url
from app.services.transaction import unit_of_work

MAX_LABEL = 120
MAX_CONNECTIONS = 10


@dataclass(frozen=True)
class CalendarChoice:
    """A calendar inside a CalDAV account, as the member sees it."""

    id: int
    name: str
    busy: bool
    writable_target: bool


@dataclass(frozen=True)
class ConnectionStatus:
    """One connection on the Calendar page: never its secret, only the masked address."""

    id: int
    kind: str
    label: str
    shown_as: str
    event_count: int
    busy_count: int
    last_success_at: datetime | None
    next_try_at: datetime
    last_error: str | None
    failures: int
    write_back: bool
    write_error: str | None
    write_error_at: datetime | None
    calendars: tuple[CalendarChoice, ...]


def _label(text: str | None, default: str) -> str:
    name = " ".join((text or "").split())
    if len(name) > MAX_LABEL:
        raise DomainError("label", f"Keep the name under {MAX_LABEL} characters.")
    return name or default


def _check_room(member_id: int) -> None:
    count = len(
        db.session.scalars(
            select(CalendarConnection.id).where(CalendarConnection.member_id == member_id)
        ).all()
    )
    if count >= MAX_CONNECTIONS:
        raise DomainError("", f"You can connect up to {MAX_CONNECTIONS} calendars.")


def _vetted(url: str, policy: FetchPolicy, field: str) -> str:
    try:
        return check_url(url, policy).url
    except FetchFailed as error:
        raise DomainError(field, error.reason) from error


def add_subscription(
    member_id: int, url: str, label: str | None, now: datetime, policy: FetchPolicy
) -> int:
    """Store a subscription address (sealed); its first refresh is due at once."""
    _check_room(member_id)
    checked = _vetted(url, policy, "url")
    name = _label(label, "Subscribed calendar")
    with unit_of_work():
        row = CalendarConnection(
            member_id=member_id,
            kind=KIND_ICS,
            label=name,
            shown_as=mask_url(checked),
            secret=calendar_secrets.seal({"url": checked}),
            next_try_at=now,
            created_at=now,
        )
        db.session.add(row)
        db.session.flush()
        return row.id


def add_caldav(
    member_id: int,
    *,
    url: str,
    username: str,
    password: str,
    label: str | None,
    now: datetime,
    policy: FetchPolicy,
) -> int:
    """Log in, list the account's calendars and store the account (sealed).

    No calendar counts as busy until the member ticks it; a refused login or an
    unreachable server is a `DomainError` and nothing is stored.
    """
    _check_room(member_id)
    checked = _vetted(url, policy, "server_url")
    login = caldav_access.CaldavLogin(checked, username.strip(), password)
    try:
        found = caldav_access.list_calendars(login, policy)
    except FetchFailed as error:
        raise DomainError("server_url", error.reason) from error
    if not found:
        raise DomainError("server_url", "That account has no calendars we could find.")
    name = _label(label, f"{username.strip()} on {mask_url(checked)[:-2]}")
    with unit_of_work():
        row = CalendarConnection(
            member_id=member_id,
            kind=KIND_CALDAV,
            label=name[:MAX_LABEL],
            shown_as=f"{username.strip()[:80]} at {mask_url(checked)}",
            secret=calendar_secrets.seal(
                {"url": checked, "username": login.username, "password": password}
            ),
            next_try_at=now,
            created_at=now,
        )
        row.calendars = [ConnectionCalendar(url=c.url, name=c.name or "Calendar") for c in found]
        db.session.add(row)
        db.session.flush()
        return row.id


def _own(member_id: int, connection_id: int) -> CalendarConnection:
    row = db.session.get(CalendarConnection, connection_id)
    if row is None or row.member_id != member_id:
        raise NotFound("connection", "No such calendar connection.")
    return row


def choose_calendars(
    member_id: int,
    connection_id: int,
    *,
    busy_ids: set[int],
    write_back_id: int | None,
    now: datetime,
) -> None:
    """Tick which calendars count as busy and (optionally) which one gets our meetings."""
    with unit_of_work():
        row = _own(member_id, connection_id)
        if row.kind != KIND_CALDAV:
            raise DomainError("", "Only CalDAV accounts have calendars to choose from.")
        by_id = {c.id: c for c in row.calendars}
        if not busy_ids <= set(by_id) or (write_back_id and write_back_id not in by_id):
            raise DomainError("", "One of the calendars you chose is no longer in this account.")
        for calendar in row.calendars:
            calendar.busy = calendar.id in busy_ids
            calendar.ctag = None  # the choice changed: read everything afresh
        row.write_back = write_back_id is not None
        row.write_calendar_url = by_id[write_back_id].url if write_back_id else None
        row.next_try_at = now


def remove(member_id: int, connection_id: int) -> None:
    """Forget a connection, its secret and its busy time."""
    with unit_of_work():
        row = _own(member_id, connection_id)
        db.session.execute(delete(BusyInterval).where(BusyInterval.connection_id == row.id))
        db.session.delete(row)
        busy_time.renew(member_id)


def request_refresh(member_id: int, connection_id: int, now: datetime) -> None:
    """Make the connection due now (the caller queues the refresh)."""
    with unit_of_work():
        row = _own(member_id, connection_id)
        row.next_try_at = now


def connections_of(member_id: int) -> list[ConnectionStatus]:
    """The member's connections with their status (two queries)."""
    rows = list(
        db.session.scalars(
            select(CalendarConnection)
            .where(CalendarConnection.member_id == member_id)
            .order_by(CalendarConnection.created_at, CalendarConnection.id)
        )
    )
    calendars: dict[int, list[ConnectionCalendar]] = defaultdict(list)
    if rows:
        query = select(ConnectionCalendar).where(
            ConnectionCalendar.connection_id.in_([r.id for r in rows])
        )
        for calendar in db.session.scalars(query.order_by(ConnectionCalendar.name)):
            calendars[calendar.connection_id].append(calendar)
    return [_status(row, calendars[row.id]) for row in rows]


def _status(row: CalendarConnection, calendars: list[ConnectionCalendar]) -> ConnectionStatus:
    return ConnectionStatus(
        id=row.id,
        kind=row.kind,
        label=row.label,
        shown_as=row.shown_as,
        event_count=row.event_count,
        busy_count=row.busy_count,
        last_success_at=row.last_success_at,
        next_try_at=row.next_try_at,
        last_error=row.last_error,
        failures=row.failures,
        write_back=row.write_back,
        write_error=row.write_error,
        write_error_at=row.write_error_at,
        calendars=tuple(
            CalendarChoice(c.id, c.name, c.busy, c.url == row.write_calendar_url)
            for c in calendars
        ),
    )


def stale_notes(member_ids: list[int], now: datetime, period: timedelta) -> list[str]:
    """A note per member whose live calendar data is older than two refresh periods.

    One query; members without connections get no note (their busy time is what they
    imported or nothing, and nothing claims to be live).
    """
    if not member_ids:
        return []
    rows = db.session.execute(
        select(Member.id, Member.display_name, CalendarConnection.last_success_at)
        .join(CalendarConnection, CalendarConnection.member_id == Member.id)
        .where(Member.id.in_(member_ids))
    )
    oldest: dict[int, tuple[str, datetime | None]] = {}
    for member_id, name, last in rows:
        known = oldest.get(member_id)
        if known is None or (known[1] is not None and (last is None or last < known[1])):
            oldest[member_id] = (name, last)
    order = {member_id: i for i, member_id in enumerate(member_ids)}
    return [
        last_read_note(name, last, now)
        for member_id, (name, last) in sorted(oldest.items(), key=lambda kv: order[kv[0]])
        if is_stale(last, now, period)
    ]
