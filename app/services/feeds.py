"""Calendar feeds: turn a secret feed URL on, regenerate or revoke it, and build its file.

A member may subscribe to their own week (a personal feed) and to the core overlap
hours of each team they are in (a team feed, in a zone they choose). The URL carries a
256-bit token; only its SHA-256 is stored (`FeedToken.token_hash`), so the token is
shown once, when made. Regenerating revokes the old token at once and issues a new
one; a wrong or revoked token, a feed of someone no longer active, or a team feed of
someone who left the team answers `NotFound` (a 404), never a hint of why.

What a personal feed holds, all computed from the member's weekly pattern in their
own zone (weekly RRULEs with VTIMEZONEs, written by `app.domain.calendar`):

- "Open for meetings": meeting-friendly hours (working time minus protected focus,
  hard routines and no-meeting time), TRANSPARENT so they never block the calendar;
- "Focus time": every focus block, busy (OPAQUE);
- "Unavailable": hard routines, busy. Routine names are never written, private or
  not: the windows come merged from the domain without labels;
- booked Teamshape meetings from `PAST` ago to `AHEAD`, as single events with the
  meeting's own UID and SEQUENCE (the same as in its invitation).

SEQUENCE, DTSTAMP and Last-Modified: each token stores a hash of what its feed held
at the last build (every event with DTSTAMP left out, weekly events with SEQUENCE 0)
and when that changed. A build whose hash differs raises the token's sequence (used
as SEQUENCE of every weekly event) and sets `changed_at` to now; DTSTAMP and
Last-Modified are `changed_at`. So an unchanged feed gives identical bytes on every
poll (and hits the domain's serialisation cache), and any change - a new pattern, a
renamed team, a meeting booked or dropped, the window moving past a meeting - gives
a higher SEQUENCE and a later DTSTAMP. UIDs are `stable_uid(owner, kind, weekday,
start)`: moving a window's end keeps its UID, so clients update their copy. The
window is aligned to UTC midnight, so time alone changes a feed at most once a day.
A regenerated token inherits the old one's sequence and hash. A team's core overlap
is memoised per process on its members' pattern stamps (see `_core_overlap`).

The one-off download has no token: its weekly SEQUENCE is the member's latest manual
revision number (every pattern save records one) and its DTSTAMP is the download time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from app.domain.accounts import check_time_zone
from app.domain.calendar import FeedSpec, SingleEvent, WeeklyEvent, build_feed, stable_uid
from app.domain.charts import CoreOverlap, core_overlap
from app.domain.errors import DomainError, NotFound
from app.domain.intervals import Interval
from app.domain.tokens import hash_token, new_token
from app.domain.workstyle import (
    BlockKind,
    WeeklyPattern,
    WeeklyWindow,
    meeting_friendly_weekly,
    weekly_windows,
)
from app.extensions import db
from app.models import (
    FeedToken,
    ManualRevision,
    Meeting,
    MeetingAttendee,
    Member,
    Membership,
    Team,
)
from app.models.feed import FEED_PERSONAL, FEED_TEAM
from app.models.meeting import MEETING_BOOKED
from app.services.patterns import load_pattern, stamped_patterns
from app.services.transaction import unit_of_work

REFRESH_MINUTES = 60
PAST = timedelta(days=30)
AHEAD = timedelta(weeks=26)
OPEN = "Open for meetings"
FOCUS = "Focus time"
UNAVAILABLE = "Unavailable"
_CORE_CACHE: dict[tuple, CoreOverlap] = {}
_CORE_CACHE_SIZE = 512


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

    @property
    def signature(self) -> str:
        """SHA-256 of everything a client would see change (the series start aside)."""
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


# --- turning feeds on, regenerating, revoking ----------------------------------------


def active_feeds(member_id: int) -> list[FeedToken]:
    """The member's live feed tokens (hashes only), personal first, then by team."""
    query = (
        select(FeedToken)
        .where(FeedToken.member_id == member_id, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.kind, FeedToken.team_id, FeedToken.id)
    )
    return list(db.session.scalars(query))


def turn_on_personal(member_id: int, now: datetime) -> str:
    """A new personal feed token (shown once); any earlier one stops working."""
    with unit_of_work():
        old = _live(member_id, FEED_PERSONAL, None)
        token = _issue(member_id, FEED_PERSONAL, None, _member_zone(member_id), old, now)
    return token


def turn_on_team(member_id: int, team_id: int, zone: str, now: datetime) -> str:
    """A new feed of a team's core hours in `zone`; the member must be in the team."""
    zone = _checked_zone(zone)
    if team_id not in _team_ids(member_id):
        raise DomainError("team_id", "You can subscribe only to teams you are in.")
    with unit_of_work():
        old = _live(member_id, FEED_TEAM, team_id)
        token = _issue(member_id, FEED_TEAM, team_id, zone, old, now)
    return token


def regenerate(member_id: int, feed_id: int, now: datetime) -> str:
    """Revoke one of the member's feed tokens and issue a fresh one for the same feed."""
    with unit_of_work():
        old = _own_live(member_id, feed_id)
        token = _issue(member_id, old.kind, old.team_id, old.zone, old, now)
    return token


def revoke(member_id: int, feed_id: int, now: datetime) -> None:
    """Stop one of the member's feed URLs from working."""
    with unit_of_work():
        _own_live(member_id, feed_id).revoked_at = now


def _live(member_id: int, kind: str, team_id: int | None) -> FeedToken | None:
    query = select(FeedToken).where(
        FeedToken.member_id == member_id,
        FeedToken.kind == kind,
        FeedToken.revoked_at.is_(None),
    )
    if team_id is not None:
        query = query.where(FeedToken.team_id == team_id)
    return db.session.scalars(query.order_by(FeedToken.id.desc())).first()


def _own_live(member_id: int, feed_id: int) -> FeedToken:
    feed = db.session.get(FeedToken, feed_id)
    if feed is None or feed.member_id != member_id or feed.revoked_at is not None:
        raise NotFound("feed", "No such feed.")
    return feed


def _issue(
    member_id: int,
    kind: str,
    team_id: int | None,
    zone: str,
    old: FeedToken | None,
    now: datetime,
) -> str:
    """Add a token row (inside the caller's transaction), revoking `old` if given."""
    token, token_hash = new_token()
    row = FeedToken(
        token_hash=token_hash,
        kind=kind,
        member_id=member_id,
        team_id=team_id,
        zone=zone,
        sequence=0,
        content_hash="",
        created_at=now,
    )
    if old is not None:
        old.revoked_at = now
        if old.zone == zone:  # same feed: clients keep comparing sequences
            row.sequence, row.content_hash, row.changed_at = (
                old.sequence,
                old.content_hash,
                old.changed_at,
            )
    db.session.add(row)
    return token


def _checked_zone(zone: str) -> str:
    try:
        return check_time_zone(zone)
    except DomainError as error:
        raise DomainError("zone", error.reason) from error


def _member_zone(member_id: int) -> str:
    zone = db.session.scalar(select(Member.time_zone).where(Member.id == member_id))
    if zone is None:
        raise NotFound("member", "No such member.")
    return zone


def _team_ids(member_id: int) -> set[int]:
    return set(
        db.session.scalars(select(Membership.team_id).where(Membership.member_id == member_id))
    )


def subscribable_teams(member_id: int) -> list[tuple[int, str]]:
    """(id, name) of the teams the member is in, by name."""
    query = (
        select(Team.id, Team.name)
        .join(Membership, Membership.team_id == Team.id)
        .where(Membership.member_id == member_id)
        .order_by(func.lower(Team.name), Team.id)
    )
    return [(team_id, name) for team_id, name in db.session.execute(query)]


# --- serving feeds by token ------------------------------------------------------------


def personal_feed(token: str, now: datetime) -> CalendarFile:
    """The personal feed behind a token, or `NotFound`."""
    feed, member = _feed_and_member(token, FEED_PERSONAL)
    pattern = stamped_patterns({member.id: member.pattern_stamp})[member.id]
    content = personal_content(member, pattern, now, _series_start(feed))
    return _settled_file(feed, content, now, "teamshape.ics")


def team_feed(token: str, now: datetime) -> CalendarFile:
    """The team feed behind a token (while its subscriber is still in the team)."""
    feed, member = _feed_and_member(token, FEED_TEAM)
    if feed.team_id not in _team_ids(member.id):
        raise NotFound("feed", "No such feed.")
    team = db.session.get(Team, feed.team_id)
    content = team_content(team, feed.zone, now, _series_start(feed))
    return _settled_file(feed, content, now, "teamshape-team.ics")


def download_personal(member_id: int, now: datetime) -> CalendarFile:
    """A one-off file of the member's week for importing (no token, nothing stored)."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    pattern = load_pattern(member_id)
    content = personal_content(member, pattern, now, _monday(now, pattern.zone))
    revision = db.session.scalar(
        select(func.max(ManualRevision.number)).where(ManualRevision.member_id == member_id)
    )
    body = build_feed(content.spec(revision or 0, now))
    return CalendarFile(body, now, "meeting-friendly-hours.ics")


def _feed_and_member(token: str, kind: str) -> tuple[FeedToken, Member]:
    row = db.session.execute(
        select(FeedToken, Member)
        .join(Member, Member.id == FeedToken.member_id)
        .where(
            FeedToken.token_hash == hash_token(token),
            FeedToken.kind == kind,
            FeedToken.revoked_at.is_(None),
            Member.active.is_(True),
        )
    ).first()
    if row is None:
        raise NotFound("feed", "No such feed.")
    return row[0], row[1]


def _series_start(feed: FeedToken) -> date:
    return _monday(feed.created_at, feed.zone)


def _monday(instant: datetime, zone: str) -> date:
    day = instant.astimezone(ZoneInfo(zone)).date()
    return day - timedelta(days=day.weekday())


def _settled_file(feed: FeedToken, content: FeedContent, now: datetime, name: str):
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


# --- what goes in a feed --------------------------------------------------------------


def personal_content(
    member: Member, pattern: WeeklyPattern, now: datetime, series_start: date
) -> FeedContent:
    """A member's week and booked meetings, with no routine ever named."""
    zone, owner = pattern.zone, member.id
    hard_routines = weekly_windows(pattern, BlockKind.ROUTINE, hard_only=True)
    weekly = [
        *_weekly(owner, "open", OPEN, meeting_friendly_weekly(pattern), zone, True),
        *_weekly(owner, "focus", FOCUS, weekly_windows(pattern, BlockKind.FOCUS), zone),
        *_weekly(owner, "unavailable", UNAVAILABLE, hard_routines, zone),
    ]
    return FeedContent(
        name=f"Teamshape: {member.display_name}",
        zone=zone,
        series_start=series_start,
        weekly=tuple(weekly),
        single=tuple(_meeting_events(member.id, now)),
    )


def team_content(team: Team, zone: str, now: datetime, series_start: date) -> FeedContent:
    """A team's core overlap hours as free weekly events in `zone`."""
    today = now.astimezone(ZoneInfo(zone)).date()
    core = _core_overlap(team.id, zone, today)
    note = f"{core.working} of {core.member_count} members work at this time."
    summary = f"{team.name}: core hours"
    weekly = _weekly(f"team-{team.id}", zone, summary, core.windows, zone, True, note)
    return FeedContent(f"Teamshape: {team.name}", zone, series_start, tuple(weekly))


def _core_overlap(team_id: int, zone: str, today: date) -> CoreOverlap:
    """The team's core overlap, memoised per process on its members' pattern stamps.

    Computing it means expanding every member's pattern (about 0.3 s for 500 people),
    while a calendar app polls every hour. Every change to a pattern (or a member's
    zone) renews that member's stamp, so (roster, stamps, zone, day) says all the
    result depends on, in one small query.
    """
    roster = tuple(
        tuple(row)
        for row in db.session.execute(
            select(Member.id, Member.pattern_stamp)
            .join(Membership, Membership.member_id == Member.id)
            .where(Membership.team_id == team_id, Member.active.is_(True))
            .order_by(Member.id)
        )
    )
    key = (team_id, zone, today, roster)
    core = _CORE_CACHE.get(key)
    if core is None:
        patterns = stamped_patterns(dict(roster))
        core = core_overlap([patterns[member_id] for member_id, _stamp in roster], zone, today)
        if len(_CORE_CACHE) >= _CORE_CACHE_SIZE:
            _CORE_CACHE.clear()
        _CORE_CACHE[key] = core
    return core


def _weekly(
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


def feed_window(now: datetime) -> Interval:
    """From `PAST` before to `AHEAD` after today's UTC midnight."""
    midnight = datetime.combine(now.astimezone(UTC).date(), time(0), UTC)
    return Interval(midnight - PAST, midnight + AHEAD)


EVENT_COLUMNS = (
    Meeting.uid,
    Meeting.title,
    Meeting.start,
    Meeting.end,
    Meeting.sequence,
    Meeting.agenda,
)


def _meeting_events(member_id: int, now: datetime) -> list[SingleEvent]:
    """The member's booked meetings overlapping the feed window, soonest first.

    One query of the columns an event needs (a feed never shows attendees), joined
    to the member's own attendee row: (meeting, member) is unique, so no duplicates.
    """
    window = feed_window(now)
    rows = db.session.execute(
        select(*EVENT_COLUMNS)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.member_id == member_id,
            Meeting.status == MEETING_BOOKED,
            Meeting.start < window.end,
            Meeting.end > window.start,
        )
        .order_by(Meeting.start, Meeting.id)
    )
    return [
        SingleEvent(
            uid=uid,
            summary=title,
            start_utc=start,
            end_utc=end,
            sequence=sequence,
            description=agenda,
            status="CONFIRMED",
        )
        for uid, title, start, end, sequence, agenda in rows
    ]
