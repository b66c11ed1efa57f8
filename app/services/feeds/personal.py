"""The personal feed: a member's meeting-friendly hours, focus and hard routines as weekly
events in their own zone, plus their booked meetings as single events.

No routine is ever named: the windows come merged from the domain without labels.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from app.domain.calendar import SingleEvent, build_feed
from app.domain.errors import NotFound
from app.domain.intervals import Interval
from app.domain.workstyle import BlockKind, WeeklyPattern, meeting_friendly_weekly, weekly_windows
from app.extensions import db
from app.models import ManualRevision, Meeting, MeetingAttendee, Member
from app.models.feed import FEED_PERSONAL
from app.models.meeting import MEETING_BOOKED
from app.services import data_version
from app.services.feeds.files import (
    CalendarFile,
    FeedContent,
    live_feed,
    monday,
    series_start,
    settled_file,
    weekly_events,
)
from app.services.patterns import load_pattern, stamped_patterns

PAST = timedelta(days=30)
AHEAD = timedelta(weeks=26)
OPEN = "Open for meetings"
FOCUS = "Focus time"
UNAVAILABLE = "Unavailable"


# (member id, UTC day, series start) → the feed's content, for one data version (the
# token's query reads it: `live_feed`). Patterns, names and booked meetings all change
# by writing commits; imported busy time is never shown here.
_KEPT: data_version.KeptByVersion[FeedContent] = data_version.KeptByVersion(1024)


def personal_feed(token: str, now: datetime) -> CalendarFile:
    """The personal feed behind a token, or `NotFound`."""
    feed, member = live_feed(token, FEED_PERSONAL)
    start = series_start(feed)

    def work_out() -> FeedContent:
        pattern = stamped_patterns({member.id: member.pattern_stamp})[member.id]
        return personal_content(member, pattern, now, start)

    day = now.astimezone(UTC).date()  # the feed window moves by whole UTC days
    content = _KEPT.get(db.session, (member.id, day, start), work_out)
    return settled_file(feed, content, now, "teamshape.ics")


def download_personal(member_id: int, now: datetime) -> CalendarFile:
    """A one-off file of the member's week for importing (no token, nothing stored)."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    pattern = load_pattern(member_id)
    content = personal_content(member, pattern, now, monday(now, pattern.zone))
    revision = db.session.scalar(
        select(func.max(ManualRevision.number)).where(ManualRevision.member_id == member_id)
    )
    body = build_feed(content.spec(revision or 0, now))
    return CalendarFile(body, now, "meeting-friendly-hours.ics")


def personal_content(
    member: Member, pattern: WeeklyPattern, now: datetime, series_start: date
) -> FeedContent:
    """A member's week and booked meetings, with no routine ever named."""
    zone, owner = pattern.zone, member.id
    hard_routines = weekly_windows(pattern, BlockKind.ROUTINE, hard_only=True)
    weekly = [
        *weekly_events(owner, "open", OPEN, meeting_friendly_weekly(pattern), zone, True),
        *weekly_events(owner, "focus", FOCUS, weekly_windows(pattern, BlockKind.FOCUS), zone),
        *weekly_events(owner, "unavailable", UNAVAILABLE, hard_routines, zone),
    ]
    return FeedContent(
        name=f"Teamshape: {member.display_name}",
        zone=zone,
        series_start=series_start,
        weekly=tuple(weekly),
        single=tuple(_meeting_events(member.id, now)),
    )


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
    Meeting.location,
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
            location=location,
        )
        for uid, title, start, end, sequence, agenda, location in rows
    ]
