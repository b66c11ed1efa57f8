"""Chart use cases: the facts a member's week chart and a team page show, for one viewer.

Loads rows, hands plain patterns to the domain (`app.domain.member_week`,
`app.domain.team_week`) and returns its facts; the views draw them with
`app.presentation.charts`. It decides one thing itself: who is the owner. Only the
owner (`viewer_id == member_id`) sees their private routines by name; everyone else,
admins included, sees "unavailable". A team page runs the same handful of queries
whatever the team's size: one for the roster (with each member's pattern stamp), and
at most one for every pattern this process has not cached yet. The roster is plain
values kept for one data version (`KeptByVersion`): a repeat view reads nothing, and any
write (a member joining, leaving, renamed, re-stamped) is read on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, func, select

from app.domain.errors import NotFound
from app.domain.member_week import MemberWeek, member_week
from app.domain.team_week import TeamWeek, team_week
from app.domain.workstyle import Activity, MemberStatus, WeeklyPattern, status_at
from app.extensions import db
from app.models import Member, Membership, Team
from app.services import data_version
from app.services.patterns import stamped_patterns


def member_week_for(
    member_id: int, viewer_zone: str, now: datetime, viewer_id: int | None = None
) -> MemberWeek:
    """The member's current week in `viewer_zone`; private routine names for the owner only."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    pattern = stamped_patterns({member_id: member.pattern_stamp})[member_id]
    return member_week_of(pattern, member, viewer_zone, now, viewer_id)


def member_week_of(
    pattern: WeeklyPattern,
    member: Member,
    viewer_zone: str,
    now: datetime,
    viewer_id: int | None = None,
) -> MemberWeek:
    """`member_week_for` with a pattern and member the caller has loaded (no queries)."""
    return member_week(
        pattern,
        member_id=member.id,
        owner_name=member.display_name,
        viewer_zone=viewer_zone,
        now=now,
        show_private=viewer_id == member.id,
    )


@dataclass(frozen=True)
class TeamMemberRow:
    """One line of a team page: who, their role here, their local time and status now."""

    member_id: int
    name: str
    pronouns: str
    role_in_team: str
    zone: str
    local_time: datetime
    status: str
    working: bool


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    description: str


@dataclass(frozen=True)
class TeamOverview:
    team: TeamInfo
    members: tuple[TeamMemberRow, ...]
    week: TeamWeek


@dataclass(frozen=True)
class _Person:
    """The roster columns a team page needs (plain columns: no entity per member)."""

    id: int
    display_name: str
    pronouns: str
    time_zone: str
    role_in_team: str
    pattern_stamp: int


def _stamps(roster: tuple[_Person, ...]) -> dict[int, int]:
    return {person.id: person.pattern_stamp for person in roster}


# team id → the team and its roster, for one data version.
_ROSTERS: data_version.KeptByVersion[tuple[TeamInfo, tuple[_Person, ...]]]
_ROSTERS = data_version.KeptByVersion(512)


def _roster(team_id: int) -> tuple[TeamInfo, tuple[_Person, ...]]:
    """The team and its active members by name (kept for the data version)."""
    return _ROSTERS.get(db.session, team_id, lambda: _read_roster(team_id))


def _read_roster(team_id: int) -> tuple[TeamInfo, tuple[_Person, ...]]:
    """The team and its active members by name, in one query (the team outer-joined to
    its members, so a team without members is still found)."""
    active_member = and_(Member.id == Membership.member_id, Member.active.is_(True))
    rows = db.session.execute(
        select(
            Team.id,
            Team.name,
            Team.description,
            Member.id,
            Member.display_name,
            Member.pronouns,
            Member.time_zone,
            Membership.role_in_team,
            Member.pattern_stamp,
        )
        .outerjoin(Membership, Membership.team_id == Team.id)
        .outerjoin(Member, active_member)
        .where(Team.id == team_id)
        .order_by(func.lower(Member.display_name), Member.id)
    ).all()
    if not rows:
        raise NotFound("team", "No such team.")
    people = tuple(_Person(*row[3:]) for row in rows if row[3] is not None)
    return TeamInfo(*rows[0][:3]), people


def team_week_for(team_id: int, viewer_zone: str, now: datetime) -> TeamWeek:
    """The team's week in `viewer_zone`: per half hour working / peak / protected focus."""
    _team, roster = _roster(team_id)
    patterns = stamped_patterns(_stamps(roster))
    return team_week([patterns[p.id] for p in roster], viewer_zone, now)


def team_overview(team_id: int, viewer_id: int, viewer_zone: str, now: datetime) -> TeamOverview:
    """Everything a team page shows, in a constant number of queries."""
    team, roster = _roster(team_id)
    patterns = stamped_patterns(_stamps(roster))
    rows = tuple(_member_row(person, patterns[person.id], now, viewer_id) for person in roster)
    week = team_week([patterns[p.id] for p in roster], viewer_zone, now)
    return TeamOverview(team, rows, week)


def _member_row(
    person: _Person, pattern: WeeklyPattern, now: datetime, viewer_id: int
) -> TeamMemberRow:
    status = _status_in_minute(pattern, now.replace(second=0, microsecond=0))
    return TeamMemberRow(
        person.id,
        person.display_name,
        person.pronouns,
        person.role_in_team,
        person.time_zone,
        status.local_time,
        status_text(status, own=person.id == viewer_id),
        status.activity in (Activity.WORKING, Activity.FOCUS),
    )


@lru_cache(maxsize=8192)
def _status_in_minute(pattern: WeeklyPattern, minute: datetime) -> MemberStatus:
    """`status_at` memoised by value: blocks sit on a 15-minute grid and zones change
    offset on whole minutes, so a pattern's status cannot change inside a minute (the
    page shows local time to the minute). An edited pattern is a new key."""
    return status_at(pattern, minute)


def status_text(status: MemberStatus, *, own: bool = False) -> str:
    """'Working', 'In focus time', 'Off', or a routine: its name only if not private."""
    if status.activity is Activity.ROUTINE:
        name = status.label if own and status.label else status.public_label
        return f"Routine: {name}" if name != "unavailable" else "Unavailable"
    return {
        Activity.FOCUS: "In focus time",
        Activity.WORKING: "Working",
        Activity.OFF: "Off",
    }[status.activity]


def list_teams() -> list[tuple[Team, int]]:
    """Every team by name with its number of active members, in one query."""
    count = func.count(Member.id)
    rows = db.session.execute(
        select(Team, count)
        .outerjoin(Membership, Membership.team_id == Team.id)
        .outerjoin(Member, (Member.id == Membership.member_id) & Member.active.is_(True))
        .group_by(Team.id)
        .order_by(func.lower(Team.name))
    )
    return [(team, number) for team, number in rows]
