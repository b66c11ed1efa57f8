"""The file a feed serves: its events, SEQUENCE and DTSTAMP settled, and its bytes cached.

Each token stores a hash of what its feed held at the last build and when that
changed (see the package docstring); `settled_file` raises the sequence when the
content changed and builds the iCalendar text, kept by everything it is made of so an
unchanged feed's poll prints the bytes built for the last one.

`live_feed` reads the data version alongside the token, so the feeds' contents kept
by version (a `KeptByVersion` in `personal` and `team`) cost no statement: an unchanged feed's poll
runs that one query. Feeds show patterns, teams and booked meetings, never imported
busy time, so the version (raised by every writing commit) covers all they show.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update

from app.domain.calendar import FeedSpec, SingleEvent, WeeklyEvent, build_feed, stable_uid
from app.domain.errors import NotFound
from app.domain.tokens import hash_token
from app.domain.workstyle import WeeklyWindow
from app.extensions import db
from app.models import FeedToken, Member
from app.services import data_version
from app.services.transaction import unit_of_work

REFRESH_MINUTES = 60


@dataclass(frozen=True)
class CalendarFile:
    """An iCalendar body ready to serve, with what HTTP caching needs."""

    body: bytes
    last_modified: datetime
    filename: str

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.body).hexdigest()[:32]


@dataclass(frozen=True)
class FeedContent:
    """A feed's events before SEQUENCE and DTSTAMP are settled."""

    name: str
    zone: str
    series_start: date
    weekly: tuple[WeeklyEvent, ...]
    single: tuple[SingleEvent, ...] = ()

    @cached_property
    def signature(self) -> str:
        """SHA-256 of everything a client would see change (the series start aside);
        worked out once per (kept) content."""
        text = repr((self.name, self.zone, self.weekly, self.single))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def spec(self, sequence: int, dtstamp: datetime) -> FeedSpec:
        return FeedSpec(
            name=self.name,
            zone=self.zone,
            refresh_minutes=REFRESH_MINUTES,
            dtstamp=dtstamp,
            series_start=self.series_start,
            weekly=tuple(replace(w, sequence=sequence) for w in self.weekly),
            single=self.single,
        )


# Built once (the token query is most of an unchanged feed's poll): the live token of a
# kind, its active member, and the data version.
_LIVE_FEED = (
    select(FeedToken, Member, data_version.as_column())
    .join(Member, Member.id == FeedToken.member_id)
    .where(
        FeedToken.token_hash == bindparam("token_hash"),
        FeedToken.kind == bindparam("kind"),
        FeedToken.revoked_at.is_(None),
        Member.active.is_(True),
    )
)


def live_feed(token: str, kind: str) -> tuple[FeedToken, Member]:
    """The live token of `kind` and its active member, or `NotFound` (never why).

    One query, which also notes the data version for the contents kept by version.
    """
    row = db.session.execute(_LIVE_FEED, {"token_hash": hash_token(token), "kind": kind}).first()
    if row is None:
        raise NotFound("feed", "No such feed.")
    data_version.remember(db.session, row[2])
    return row[0], row[1]


def series_start(feed: FeedToken) -> date:
    return monday(feed.created_at, feed.zone)


def monday(instant: datetime, zone: str) -> date:
    day = instant.astimezone(ZoneInfo(zone)).date()
    return day - timedelta(days=day.weekday())


def settled_file(feed: FeedToken, content: FeedContent, now: datetime, name: str):
    """Raise the token's sequence if the content changed, then build the file."""
    signature = content.signature
    if feed.content_hash != signature or feed.changed_at is None:
        _record_change(feed, signature, now)
    stamp = feed.changed_at
    return CalendarFile(_built(content, signature, feed.sequence, stamp), stamp, name)


# The iCalendar text of a feed, by everything it is made of: a poll of an unchanged
# feed (the usual poll) prints the bytes built for the last one.
_BUILT: dict[tuple, bytes] = {}
_BUILT_SIZE = 256


def _built(content: FeedContent, signature: str, sequence: int, stamp: datetime) -> bytes:
    key = (signature, content.series_start, sequence, stamp)
    body = _BUILT.get(key)
    if body is None:
        body = build_feed(content.spec(sequence, stamp))
        if len(_BUILT) >= _BUILT_SIZE:
            _BUILT.clear()
        _BUILT[key] = body
    return body


def _record_change(feed: FeedToken, signature: str, now: datetime) -> None:
    """Store the new hash once, even if two polls race (compare-and-set on the old hash)."""
    bump = 1 if feed.content_hash else 0
    with unit_of_work():
        # Only the token's own bookkeeping: nothing kept by data version is made from
        # it, so the first poll after a change does not empty every page's cache.
        data_version.writes_nothing_cached(db.session)
        db.session.execute(
            update(FeedToken)
            .where(FeedToken.id == feed.id, FeedToken.content_hash == feed.content_hash)
            .values(
                content_hash=signature,
                sequence=FeedToken.sequence + bump,
                changed_at=now,
            )
        )
    db.session.refresh(feed)


def weekly_events(
    owner: object,
    kind: str,
    summary: str,
    windows: Sequence[WeeklyWindow],
    zone: str,
    transparent: bool = False,
    description: str = "",
) -> list[WeeklyEvent]:
    return [
        WeeklyEvent(
            uid=stable_uid(owner, kind, w.weekday, w.start.isoformat()),
            summary=summary,
            weekday=w.weekday,
            start=w.start,
            end=w.end,
            zone=zone,
            transparent=transparent,
            description=description,
        )
        for w in windows
    ]
