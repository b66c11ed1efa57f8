"""The team feed: a team's core overlap hours as free weekly events in the subscriber's
chosen zone, while the subscriber is still in the team.

The core overlap is memoised per process on the members' pattern stamps (`_core_overlap`).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.domain.errors import NotFound
from app.domain.team_week import CoreOverlap, core_overlap
from app.extensions import db
from app.models import Member, Membership, Team
from app.models.feed import FEED_TEAM
from app.services import data_version
from app.services.feeds.files import (
    CalendarFile,
    FeedContent,
    live_feed,
    series_start,
    settled_file,
    weekly_events,
)
from app.services.feeds.tokens import team_ids
from app.services.patterns import stamped_patterns

_CORE_CACHE: dict[tuple, CoreOverlap] = {}
_CORE_CACHE_SIZE = 512


# (team, subscriber, zone, day, series start) → the feed's content, or None once the
# subscriber has left the team, for one data version (read with the token: `live_feed`).
_KEPT: data_version.KeptByVersion[FeedContent | None] = data_version.KeptByVersion(1024)


def team_feed(token: str, now: datetime) -> CalendarFile:
    """The team feed behind a token (while its subscriber is still in the team)."""
    feed, member = live_feed(token, FEED_TEAM)
    team_id, zone, start = feed.team_id, feed.zone, series_start(feed)

    def work_out() -> FeedContent | None:
        if team_id not in team_ids(member.id):
            return None
        return team_content(db.session.get(Team, team_id), zone, now, start)

    today = now.astimezone(ZoneInfo(zone)).date()
    content = _KEPT.get(db.session, (team_id, member.id, zone, today, start), work_out)
    if content is None:
        raise NotFound("feed", "No such feed.")
    return settled_file(feed, content, now, "teamshape-team.ics")


def team_content(team: Team, zone: str, now: datetime, series_start: date) -> FeedContent:
    """A team's core overlap hours as free weekly events in `zone`."""
    today = now.astimezone(ZoneInfo(zone)).date()
    core = _core_overlap(team.id, zone, today)
    note = f"{core.working} of {core.member_count} members work at this time."
    summary = f"{team.name}: core hours"
    weekly = weekly_events(f"team-{team.id}", zone, summary, core.windows, zone, True, note)
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
