"""Find a time: build the engine's request from the database and run it.

The engine (`app.domain.scheduling`) is pure; this is the use case around it. For the
chosen people it loads, in a constant number of queries whatever their number: who
they are, their weekly patterns (`stamped_patterns`), their busy time from imported
calendars (only the fact of being busy, never anything else about it) and the meetings
already booked in Teamshape. Both are loaded a day beyond the window on either side,
so buffers and meetings-per-day counts near the edges are right, and timelines reach
`WIDEN_REACH` past the window so the engine can propose widening it.

Booking (`app.services.meetings`) re-runs the same request for exactly one slot inside
its transaction, so what the organiser was shown and what is checked never drift apart.

A search (`find_slots`, never a booking's recheck) keeps what it read from the members,
teams and booked meetings for one data version (`KeptByVersion`, keyed by the exact
people, teams and span): an organiser refining a search, or polling the JSON endpoint,
reads only the busy stamps again, since live calendar refreshes change busy time
without raising the version. Any writing commit (a booking, an edited pattern, a
deactivated member) is read by the next search. A booking's recheck reads fresh rows
after taking its locks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.domain.errors import DomainError, InvalidPattern
from app.domain.intervals import Interval
from app.domain.scheduling import (
    Attendee,
    MeetingType,
    SchedulingRequest,
    SchedulingResult,
    suggest_slots,
)
from app.domain.timeline import Timeline
from app.domain.workstyle import WeeklyPattern, expand
from app.extensions import db
from app.models import Meeting, MeetingAttendee, Member, Membership, Team
from app.models.meeting import MEETING_BOOKED
from app.services import busy_time, data_version
from app.services.patterns import stamped_patterns

MARGIN = timedelta(days=1)
WIDEN_REACH = timedelta(days=7)
GRID = timedelta(minutes=15)
MAX_WINDOW_DAYS = 42

# What searches read, for one data version: member facts by the set of ids asked for,
# team rosters by the set of teams, booked meetings by (ids, span, excluded meeting).
_FACTS: data_version.KeptByVersion[dict[int, tuple[str, int, bool]]]
_FACTS = data_version.KeptByVersion(256)
_TEAMS: data_version.KeptByVersion[dict[int, set[int]]] = data_version.KeptByVersion(256)
_BOOKED: data_version.KeptByVersion[dict[int, list[Interval]]]
_BOOKED = data_version.KeptByVersion(256)


@dataclass(frozen=True)
class Invitees:
    """Resolved attendees: member ids, the organiser first among the required."""

    required: tuple[int, ...]
    optional: tuple[int, ...]

    @property
    def all(self) -> tuple[int, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class FindQuery:
    """What an organiser asks for on the "Find a time" page (or the JSON endpoint)."""

    organiser_id: int
    required_people: tuple[int, ...] = ()
    optional_people: tuple[int, ...] = ()
    required_teams: tuple[int, ...] = ()
    optional_teams: tuple[int, ...] = ()
    duration: timedelta = timedelta(minutes=30)
    window: Interval | None = None
    meeting_type: MeetingType = MeetingType.STATUS
    minimum_notice: timedelta = timedelta(hours=4)
    exclude_meeting_id: int | None = None


@dataclass(frozen=True)
class Found:
    """The engine's result and the people it was computed for."""

    result: SchedulingResult
    invitees: Invitees


def local_window(first: date, last: date, zone: str) -> Interval:
    """From local midnight of `first` to local midnight after `last`, in UTC."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return Interval(start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC")))


def member_choices(
    exclude_id: int | None = None, only: Iterable[int] | None = None
) -> list[tuple[int, str]]:
    """Active members as (id, name) by name, for pickers; one query.

    With `only`, just those of the given ids that qualify: enough to check a submitted
    choice without reading the whole workspace (no query at all for no ids; none either
    when a search of the same people has run in this data version: `_facts`).
    """
    if only is not None:
        ids = set(only) - {exclude_id}
        if not ids:
            return []
        facts = _facts(ids | ({exclude_id} if exclude_id else set()), kept=True)
        chosen = [(i, facts[i][0]) for i in ids if i in facts and facts[i][2]]
        return sorted(chosen, key=lambda pair: (pair[1].lower(), pair[0]))
    query = (
        select(Member.id, Member.display_name)
        .where(Member.active, Member.id != (exclude_id or 0))
        .order_by(func.lower(Member.display_name), Member.id)
    )
    return [(member_id, name) for member_id, name in db.session.execute(query)]


def team_choices(only: Iterable[int] | None = None) -> list[tuple[int, str]]:
    """Teams as (id, name) by name, for pickers; one query (`only`: see member_choices)."""
    ids = None if only is None else sorted(set(only))
    if ids == []:
        return []  # nothing asked for: no query built
    query = select(Team.id, Team.name).order_by(func.lower(Team.name), Team.id)
    if ids is not None:
        query = query.where(Team.id.in_(ids))
    return [(team_id, name) for team_id, name in db.session.execute(query)]


# The product promise is 2-50 people; more is refused before any work is done.
MAX_ATTENDEES = 50


def resolve_invitees(query: FindQuery, *, kept: bool = False) -> Invitees:
    """People and whole teams → required and optional member ids (active members only).

    The organiser is always required. A person picked by name counts as picked, even if
    a team says otherwise (a required team with one member picked as optional leaves
    them optional); someone both required and optional by name is required.
    """
    teams = _team_members(set(query.required_teams) | set(query.optional_teams), kept=kept)
    named_optional = set(query.optional_people) - set(query.required_people)
    required = {query.organiser_id, *query.required_people}
    for team_id in query.required_teams:
        required |= teams[team_id] - named_optional
    optional = set(query.optional_people)
    for team_id in query.optional_teams:
        optional |= teams[team_id]
    chosen = set(query.required_people) | set(query.optional_people)
    active = _active(required | optional, kept=kept)
    if not chosen <= active:
        raise DomainError("required_people", "Someone you chose is no longer in the workspace.")
    if query.organiser_id not in active:
        raise DomainError("", "Your account is not active.")
    required_ids = organiser_first(required & active, query.organiser_id)
    optional_ids = organiser_first((optional - required) & active, query.organiser_id)
    if len(required_ids) + len(optional_ids) > MAX_ATTENDEES:
        raise DomainError(
            "",
            f"Find a time handles up to {MAX_ATTENDEES} people at once; this search has "
            f"{len(required_ids) + len(optional_ids)}. Pick fewer people or teams.",
        )
    return Invitees(required_ids, optional_ids)


def organiser_first(ids: set[int], organiser_id: int) -> tuple[int, ...]:
    """`ids` in the order every search and meeting lists people: organiser, then by id."""
    return tuple(sorted(ids, key=lambda i: (i != organiser_id, i)))


def _team_members(team_ids: set[int], *, kept: bool = False) -> dict[int, set[int]]:
    if not team_ids:
        return {}
    if kept:
        key = frozenset(team_ids)
        return _TEAMS.get(db.session, key, lambda: _team_members(team_ids))
    found = set(db.session.scalars(select(Team.id).where(Team.id.in_(team_ids))))
    if found != team_ids:
        raise DomainError("required_teams", "One of the teams you chose no longer exists.")
    members: dict[int, set[int]] = {team_id: set() for team_id in team_ids}
    rows = db.session.execute(
        select(Membership.team_id, Membership.member_id).where(Membership.team_id.in_(team_ids))
    )
    for team_id, member_id in rows:
        members[team_id].add(member_id)
    return members


def _active(ids: set[int], *, kept: bool = False) -> set[int]:
    if not ids:
        return set()
    return {member_id for member_id, (_n, _s, active) in _facts(ids, kept=kept).items() if active}


def _facts(ids: Iterable[int], *, kept: bool = False) -> dict[int, tuple[str, int, bool]]:
    """(name, pattern stamp, active) of each existing member among `ids`, in one query
    (none when `kept` and the same ids were read in this data version)."""
    ids = frozenset(ids)
    if kept:
        return _FACTS.get(db.session, ids, lambda: _facts(ids))
    rows = db.session.execute(
        select(Member.id, Member.display_name, Member.pattern_stamp, Member.active).where(
            Member.id.in_(ids)
        )
    )
    return {member_id: (name, stamp, active) for member_id, name, stamp, active in rows}


def find_slots(query: FindQuery, now: datetime) -> Found:
    """Resolve the people, build the request from the database, run the engine."""
    if query.window is None:
        raise DomainError("window_start", "Choose a window to search in.")
    invitees = resolve_invitees(query, kept=True)
    request = build_request(
        organiser_id=query.organiser_id,
        invitees=invitees,
        duration=query.duration,
        window=query.window,
        meeting_type=query.meeting_type,
        minimum_notice=query.minimum_notice,
        now=now,
        exclude_meeting_id=query.exclude_meeting_id,
        kept=True,
    )
    return Found(suggest_slots(request), invitees)


def build_request(
    *,
    organiser_id: int,
    invitees: Invitees,
    duration: timedelta,
    window: Interval,
    meeting_type: MeetingType,
    minimum_notice: timedelta,
    now: datetime,
    exclude_meeting_id: int | None = None,
    grid: timedelta = GRID,
    max_results: int = 8,
    kept: bool = False,
) -> SchedulingRequest:
    """The engine's request for these people, in a constant number of queries whatever
    their number (patterns already read cost none: they are kept by stamp). With `kept`
    (a search, not a booking's recheck), member facts and booked meetings read for the
    same people and span in this data version cost none either."""
    ids = list(invitees.all)
    facts = _facts(ids, kept=kept)
    names = {member_id: name for member_id, (name, _stamp, _active) in facts.items()}
    patterns = stamped_patterns({member_id: fact[1] for member_id, fact in facts.items()})
    reach = Interval(window.start - MARGIN, window.end + WIDEN_REACH)
    loaded = Interval(reach.start, reach.end + MARGIN)
    busy = _busy(ids, loaded)
    if kept:
        key = (frozenset(ids), loaded, exclude_meeting_id)
        booked = _BOOKED.get(db.session, key, lambda: _booked(ids, loaded, exclude_meeting_id))
    else:
        booked = _booked(ids, loaded, exclude_meeting_id)
    required = set(invitees.required)
    attendees = []
    for member_id in ids:
        pattern = patterns[member_id]
        attendees.append(
            Attendee(
                id=str(member_id),
                display_name=names[member_id],
                zone=pattern.zone,
                timeline=_timeline(pattern, reach, names[member_id]),
                required=member_id in required,
                busy=tuple(busy.get(member_id, ())),
                meetings=tuple(booked.get(member_id, ())),
            )
        )
    return SchedulingRequest(
        attendees=tuple(attendees),
        organiser_id=str(organiser_id),
        duration=duration,
        window=window,
        now=now,
        meeting_type=meeting_type,
        grid=grid,
        minimum_notice=minimum_notice,
        max_results=max_results,
    )


def _timeline(pattern, reach: Interval, name: str):
    try:
        return _expanded(pattern, reach)
    except InvalidPattern as error:
        raise DomainError(
            "required_people", f"{name}'s weekly pattern needs fixing before they can be invited."
        ) from error


@lru_cache(maxsize=1024)
def _expanded(pattern: WeeklyPattern, reach: Interval) -> Timeline:
    """`expand` memoised by value: the same pattern over the same reach (a search of the
    same days, repeated or by another organiser) is laid out once. An edited pattern is
    a new key; an invalid one raises every time (exceptions are not cached)."""
    return expand(pattern, reach)


def _busy(ids: Iterable[int], span: Interval) -> dict[int, list[Interval]]:
    """Busy time (imported files, live calendars) overlapping `span`: only start and end,
    kept per process by busy stamp (`busy_time`)."""
    return busy_time.busy_between(ids, span)


def _booked(
    ids: Iterable[int], span: Interval, exclude_meeting_id: int | None
) -> dict[int, list[Interval]]:
    """Booked (not cancelled) Teamshape meetings of each member overlapping `span`."""
    query = (
        select(MeetingAttendee.member_id, Meeting.start, Meeting.end)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(
            MeetingAttendee.member_id.in_(list(ids)),
            Meeting.status == MEETING_BOOKED,
            Meeting.start < span.end,
            Meeting.end > span.start,
        )
        .order_by(Meeting.start)
    )
    if exclude_meeting_id is not None:
        query = query.where(Meeting.id != exclude_meeting_id)
    return _grouped(db.session.execute(query))


def _grouped(rows) -> dict[int, list[Interval]]:
    grouped: dict[int, list[Interval]] = defaultdict(list)
    for member_id, start, end in rows:
        if end > start:
            grouped[member_id].append(Interval(start, end))
    return grouped
