"""Refreshing a live calendar connection: read it, replace its busy time, record how it went.

One refresh of one connection:

1. **Claim** it with a compare-and-set UPDATE (`claimed_until` in the past or empty
   -> now + `LEASE`, with a fresh `claim_token`), committed at once. Only one worker
   wins, on SQLite and PostgreSQL alike; a worker that dies leaves a claim that
   expires after the lease.
2. **Read** outside any transaction (network time holds no locks): a subscription
   with a conditional GET (`safe_fetch`), a CalDAV account through `caldav_access`
   (ctags first). Both turn into busy time through `parse_busy`, the same code path
   as an uploaded file: recurrences, exceptions and zones expanded alike, only start
   and end kept.
3. **Save** in ONE transaction, only while the claim is still ours: a success
   replaces the connection's busy time (or, for 304 / unchanged ctags, keeps it) and
   schedules the next refresh a period later; a failure keeps the last good busy time,
   records the error in plain words and backs off exponentially (capped).

`refresh_many` does this for a batch claimed together (the periodic pass hands a
worker its connections in chunks): each is read in turn, and the successes of the
whole batch are saved in one transaction at the end. A commit costs milliseconds
(a disk flush), which made the all-304 pass mostly commits; now it is one per chunk.
Each connection's busy time is still replaced whole or not at all, and only where
the claim is still ours; a failure is saved at once, on its own.

Refresh transactions leave the data version alone (`writes_nothing_cached`): nothing
cached by version is built from connections or busy time.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update

from app.domain.calendar import parse_busy
from app.domain.calendar.importing import (
    CalendarImportError,
    EmptyCalendar,
    ImportedBusy,
    NotACalendar,
)
from app.domain.calendar.live import KIND_CALDAV, retry_delay
from app.domain.errors import DomainError
from app.extensions import db
from app.models import BusyInterval, CalendarConnection, ConnectionCalendar, Member
from app.services import busy_time, caldav_access, calendar_secrets, data_version
from app.services.calendar_import import import_window
from app.services.safe_fetch import FetchPolicy, fetch
from app.services.transaction import unit_of_work

LEASE = timedelta(minutes=10)
UNEXPECTED = "Something unexpected went wrong while reading this calendar; we will try again."
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefreshSettings:
    """Everything a refresh needs from configuration."""

    policy: FetchPolicy
    period: timedelta
    retry_cap: timedelta
    weeks: int

    @classmethod
    def from_config(cls, config) -> RefreshSettings:
        return cls(
            FetchPolicy(
                allow_loopback=bool(config["CALENDAR_ALLOW_LOOPBACK"]),
                timeout=float(config["CALENDAR_FETCH_TIMEOUT"]),
                max_bytes=int(config["ICS_IMPORT_MAX_BYTES"]),
            ),
            timedelta(minutes=config["CALENDAR_REFRESH_MINUTES"]),
            timedelta(minutes=config["CALENDAR_RETRY_MAX_MINUTES"]),
            int(config["ICS_IMPORT_WEEKS"]),
        )


@dataclass(frozen=True)
class Outcome:
    """How a refresh went: `changed` when busy time was replaced, `error` when it failed."""

    changed: bool
    error: str | None = None


@dataclass(frozen=True)
class _Read:
    busy: ImportedBusy | None  # None: unchanged since the last read
    etag: str | None = None
    last_modified: str | None = None
    ctags: dict[str, str | None] | None = None


def claim(connection_id: int, now: datetime) -> str | None:
    """Take the connection for one refresh; None when another worker has it."""
    token = secrets.token_hex(16)
    with unit_of_work():
        data_version.writes_nothing_cached(db.session)
        result = db.session.execute(
            update(CalendarConnection)
            .where(
                CalendarConnection.id == connection_id,
                _free(now),
            )
            .values(claimed_until=now + LEASE, claim_token=token)
            .execution_options(synchronize_session=False)
        )
    return token if result.rowcount == 1 else None


def _free(now: datetime):
    return or_(CalendarConnection.claimed_until.is_(None), CalendarConnection.claimed_until < now)


def claim_due(now: datetime, limit: int = 1000) -> tuple[str, list[int]]:
    """Claim every connection whose next try has come and nobody is refreshing, in ONE
    transaction, under one token: the refreshes then commit only their result (one
    commit each, not two). Only rows still free at the UPDATE are returned, so two
    periodic passes at once split the work instead of sharing it."""
    token = secrets.token_hex(16)
    with unit_of_work():
        data_version.writes_nothing_cached(db.session)
        candidates = list(
            db.session.scalars(
                select(CalendarConnection.id)
                .where(CalendarConnection.next_try_at <= now, _free(now))
                .order_by(CalendarConnection.next_try_at, CalendarConnection.id)
                .limit(limit)
            )
        )
        if not candidates:
            return token, []
        claimed = set(
            db.session.scalars(
                update(CalendarConnection)
                .where(CalendarConnection.id.in_(candidates), _free(now))
                .values(claimed_until=now + LEASE, claim_token=token)
                .returning(CalendarConnection.id)
                .execution_options(synchronize_session=False)
            )
        )
    return token, [i for i in candidates if i in claimed]


@dataclass(frozen=True)
class _Source:
    """What a read needs, copied out of the rows so no transaction stays open meanwhile."""

    kind: str
    secret: str
    zone: str
    etag: str | None
    last_modified: str | None
    ticked: dict[str, str | None]


def refresh(
    connection_id: int, now: datetime, settings: RefreshSettings, token: str | None = None
) -> Outcome | None:
    """Refresh one connection (see the module docstring); None when it was not ours.

    `token` is a claim already taken by `claim_due`; without it the connection is
    claimed here. Either way the result is saved only while the claim is still ours.
    """
    token = token or claim(connection_id, now)
    if token is None:
        return None
    return refresh_many([connection_id], now, settings, token)[0]


def refresh_many(
    connection_ids: list[int], now: datetime, settings: RefreshSettings, token: str
) -> list[Outcome | None]:
    """Refresh connections claimed together under `token`, one after another, and save
    their successes in one transaction; an outcome per id (None: not ours any more)."""
    outcomes: dict[int, Outcome | None] = {}
    reads: dict[int, _Read] = {}
    sources = _sources(connection_ids)
    db.session.rollback()  # end the read transaction: none open during network time
    for connection_id in connection_ids:
        source = sources.get(connection_id)
        if source is None:
            outcomes[connection_id] = None
            continue
        try:
            reads[connection_id] = _read(source, now, settings)
        except DomainError as error:
            outcomes[connection_id] = _save_failure(
                connection_id, token, error.reason, now, settings
            )
        except Exception as error:  # noqa: BLE001 - recorded, and the worker keeps going
            log.warning("calendar connection %s: %s", connection_id, type(error).__name__)
            outcomes[connection_id] = _save_failure(
                connection_id, token, UNEXPECTED, now, settings
            )
    outcomes.update(_save_successes(reads, token, now, settings))
    return [outcomes[connection_id] for connection_id in connection_ids]


def _sources(connection_ids: list[int]) -> dict[int, _Source]:
    """Each connection's kind, secret, validators and member's zone in one query (and the
    ticked calendars of the CalDAV ones in a second)."""
    found = db.session.execute(
        select(
            CalendarConnection.id,
            CalendarConnection.kind,
            CalendarConnection.secret,
            Member.time_zone,
            CalendarConnection.etag,
            CalendarConnection.last_modified,
        )
        .join(Member, Member.id == CalendarConnection.member_id)
        .where(CalendarConnection.id.in_(connection_ids))
    ).all()
    ticked: dict[int, dict[str, str | None]] = {}
    caldav = [row.id for row in found if row.kind == KIND_CALDAV]
    if caldav:
        rows = db.session.execute(
            select(
                ConnectionCalendar.connection_id, ConnectionCalendar.url, ConnectionCalendar.ctag
            ).where(ConnectionCalendar.connection_id.in_(caldav), ConnectionCalendar.busy)
        )
        for connection_id, url, ctag in rows:
            ticked.setdefault(connection_id, {})[url] = ctag
    return {
        i: _Source(kind, secret, zone or "UTC", etag, modified, ticked.get(i, {}))
        for i, kind, secret, zone, etag, modified in found
    }


def _read(source: _Source, now: datetime, settings: RefreshSettings) -> _Read:
    secret = calendar_secrets.unseal(source.secret)
    window = import_window(source.zone, now, settings.weeks)
    if source.kind == KIND_CALDAV:
        login = caldav_access.CaldavLogin(secret["url"], secret["username"], secret["password"])
        found = caldav_access.read_events(
            login, source.ticked, (window.start, window.end), settings.policy
        )
        if found.data is None:
            return _Read(None, ctags=found.ctags)
        return _Read(_busy(found.data, window, source.zone, settings), ctags=found.ctags)
    fetched = fetch(
        secret["url"], settings.policy, etag=source.etag, last_modified=source.last_modified
    )
    if fetched.not_modified:
        etag = fetched.etag or source.etag
        return _Read(None, etag, fetched.last_modified or source.last_modified)
    busy = _busy(fetched.body or b"", window, source.zone, settings)
    return _Read(busy, fetched.etag, fetched.last_modified)


def _busy(data: bytes, window, zone: str, settings: RefreshSettings) -> ImportedBusy:
    """The same parsing as an uploaded file; an empty calendar simply has no busy time."""
    if not data.strip():
        return ImportedBusy((), 0, 0)
    try:
        return parse_busy(data, window, zone, max_bytes=settings.policy.max_bytes)
    except EmptyCalendar:
        return ImportedBusy((), 0, 0)
    except NotACalendar as error:
        raise DomainError(
            "", "The address did not send a calendar: check that it is the iCal (.ics) address."
        ) from error
    except CalendarImportError as error:
        raise DomainError(
            "", f"The calendar at this address cannot be read: {error.reason}"
        ) from error


def _ours(connection_id: int, token: str) -> CalendarConnection | None:
    """The connection row, locked, when the claim is still ours (inside a transaction)."""
    return db.session.scalar(
        select(CalendarConnection)
        .where(CalendarConnection.id == connection_id, CalendarConnection.claim_token == token)
        .with_for_update()
    )


def _save_success(
    connection_id: int, token: str, read: _Read, now: datetime, settings: RefreshSettings
) -> Outcome | None:
    return _save_successes({connection_id: read}, token, now, settings)[connection_id]


def _save_successes(
    reads: dict[int, _Read], token: str, now: datetime, settings: RefreshSettings
) -> dict[int, Outcome | None]:
    """Save successful reads in ONE transaction, each only while its claim is ours."""
    if not reads:
        return {}
    with unit_of_work():
        data_version.writes_nothing_cached(db.session)
        rows = {
            row.id: row
            for row in db.session.scalars(
                select(CalendarConnection)
                .where(
                    CalendarConnection.id.in_(list(reads)),
                    CalendarConnection.claim_token == token,
                )
                .order_by(CalendarConnection.id)
                .with_for_update()
            )
        }
        changed = [
            (rows[i], busy)
            for i, read in reads.items()
            if i in rows and (busy := read.busy) is not None
        ]
        _replace_busy(changed)
        for connection_id, row in rows.items():
            read = reads[connection_id]
            _ctags(row, read.ctags)
            row.etag, row.last_modified = read.etag, read.last_modified
            row.last_success_at = row.last_attempt_at = now
            row.next_try_at = now + settings.period
            row.failures, row.last_error = 0, None
            row.claimed_until = row.claim_token = None
    return {
        i: Outcome(changed=read.busy is not None) if i in rows else None
        for i, read in reads.items()
    }


def _ctags(row: CalendarConnection, ctags: dict[str, str | None] | None) -> None:
    for calendar in row.calendars if ctags else ():
        if calendar.url in ctags:
            calendar.ctag = ctags[calendar.url]


def _replace_busy(changed: list[tuple[CalendarConnection, ImportedBusy]]) -> None:
    """Replace these connections' busy time: one DELETE and one INSERT for them all."""
    if not changed:
        return
    db.session.execute(
        delete(BusyInterval).where(BusyInterval.connection_id.in_([row.id for row, _ in changed]))
    )
    spans = [
        {"connection_id": row.id, "member_id": row.member_id, "start": i.start, "end": i.end}
        for row, busy in changed
        for i in busy.intervals
    ]
    if spans:
        db.session.execute(insert(BusyInterval), spans)
    for row, busy in changed:
        row.event_count = busy.event_count
        row.busy_count = len(busy.intervals)
    for member_id in sorted({row.member_id for row, _ in changed}):
        busy_time.renew(member_id)


def _save_failure(
    connection_id: int, token: str, reason: str, now: datetime, settings: RefreshSettings
) -> Outcome | None:
    with unit_of_work():
        data_version.writes_nothing_cached(db.session)
        row = _ours(connection_id, token)
        if row is None:
            return None
        row.failures += 1
        row.last_error = reason
        row.last_attempt_at = now
        row.next_try_at = now + retry_delay(row.failures, settings.period, settings.retry_cap)
        row.claimed_until = row.claim_token = None
    return Outcome(changed=False, error=reason)
