"""The people directory and profile pages: who is here, found by what the viewer may see.

Every page runs a constant number of queries whatever the number of members: the page
is sorted and cut in SQL (`app.services.directory_sql`, where the visibility rule is
written into the query; a zone-offset CASE makes "local time now" sortable there), and
only the "working now" filter, which needs each candidate's weekly pattern, loads
patterns for the candidate set (in constant queries) and paginates in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, case, func, literal, select, union_all

from app.domain.errors import InvalidPattern, NotFound
from app.domain.manual import channel_labels, needs_review, split_channels
from app.domain.visibility import (
    Relation,
    preferences_visible,
    relation_by_teammates,
    relation_of,
)
from app.domain.workstyle import Activity, MemberStatus, WeeklyPattern, status_at
from app.extensions import db
from app.models import Member, Membership, Team
from app.services import data_version
from app.services import directory_sql as sql
from app.services.manuals import ManualView, manual_view
from app.services.patterns import stamped_patterns

SORTS = (
    ("name", "Name"),
    ("local_time", "Local time now (west to east)"),
    ("reviewed", "Recently reviewed"),
)
WORKING_ACTIVITIES = (Activity.WORKING, Activity.FOCUS)


@dataclass(frozen=True)
class DirectoryQuery:
    """What the viewer asked the directory for; empty values mean "any"."""

    text: str = ""
    team_id: int | None = None
    zone: str = ""
    region: str = ""
    channel: str = ""
    working_now: bool = False
    sort: str = "name"
    page: int = 1


@dataclass(frozen=True)
class MemberStatusView:
    """A member's local time and what others may know of what they are doing."""

    local_time: datetime
    activity: str
    label: str

    @property
    def working(self) -> bool:
        return self.activity in WORKING_ACTIVITIES


@dataclass(frozen=True)
class DirectoryEntry:
    member_id: int
    display_name: str
    pronouns: str
    time_zone: str
    status: MemberStatusView
    teams: tuple[str, ...]
    channels: tuple[str, ...]
    last_reviewed_at: datetime | None


@dataclass(frozen=True)
class DirectoryPage:
    entries: tuple[DirectoryEntry, ...]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class FilterOptions:
    teams: tuple[tuple[int, str], ...]
    zones: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    member: Member
    teams: tuple[str, ...]
    manual: ManualView
    status: MemberStatusView
    review_stale: bool
    pattern: WeeklyPattern

    @property
    def is_self(self) -> bool:
        return self.manual.relation is Relation.SELF


def region_of(zone: str) -> str:
    """'Europe/Berlin' → 'Europe'; a zone without a region (UTC) has none."""
    return zone.split("/", 1)[0] if "/" in zone else ""


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=8192)
def _status_in_minute(pattern: WeeklyPattern, minute: datetime) -> MemberStatus | None:
    """`status_at` memoised by value: the same pattern in the same minute has one status.

    Blocks sit on a 15-minute grid and zones change offset on whole minutes, so the
    status cannot change inside a minute; keying on the pattern's value (not the
    member) means an edited pattern is a new key, never a stale answer.
    """
    try:
        return status_at(pattern, minute)
    except InvalidPattern:
        return None


def member_status(pattern: WeeklyPattern, now: datetime, *, is_owner: bool) -> MemberStatusView:
    """Local time and status; others see a private routine only as "unavailable"."""
    status = _status_in_minute(pattern, now.replace(second=0, microsecond=0))
    if status is None:
        return MemberStatusView(now.astimezone(_zone(pattern.zone)), "unknown", "unknown")
    label = (status.label or status.activity.value) if is_owner else status.public_label
    return MemberStatusView(status.local_time, status.activity.value, label)


def _offset_minutes(zone: str, now: datetime) -> int:
    offset = now.astimezone(_zone(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _order(sort: str, now: datetime) -> list:
    """The ORDER BY; "local_time" ranks members by their zone's offset at `now`."""
    if sort == "local_time":
        zones = db.session.scalars(select(Member.time_zone).distinct())
        offsets = {z: _offset_minutes(z, now) for z in zones}
        if offsets:
            return [case(offsets, value=Member.time_zone, else_=0), *sql.static_order(sort)]
    return sql.static_order(sort)


def search_directory(
    viewer_id: int, query: DirectoryQuery, now: datetime, per_page: int
) -> DirectoryPage:
    """One page of active members matching `query`, as `viewer_id` may see them."""
    page = max(1, query.page)
    shape, params = sql.shape_and_params(query, viewer_id, db.session.get_bind().dialect.name)
    if query.working_now:
        return _working_now_page(viewer_id, shape, params, now, per_page, page)
    params |= {"limit": per_page, "offset": (page - 1) * per_page}
    key = _shared_key(shape, params)
    if key is None:
        rows, total = _page_rows(query, shape, params, now)
    else:
        rows, total = _PAGES.get(db.session, key, lambda: _page_rows(query, shape, params, now))
    patterns = stamped_patterns({r.id: r.pattern_stamp for r in rows})
    return DirectoryPage(_entries(viewer_id, rows, now, patterns), page, per_page, total)


def _page_rows(query: DirectoryQuery, shape: sql.Shape, params: dict, now: datetime):
    statement = (
        sql.page_statement(shape, _order(query.sort, now))
        if query.sort == "local_time"
        else sql.cached_page_statement(shape)
    )
    rows = tuple(db.session.execute(statement, params))
    if rows:
        return rows, rows[0].total
    if params["offset"] == 0:
        return rows, 0
    return rows, db.session.scalar(sql.count_statement(shape), params) or 0  # past the end


def _shared_key(shape: sql.Shape, params: dict) -> tuple | None:
    """The cache key of a page that every viewer gets alike, or None.

    Without search words or a channel filter (the two that depend on what the viewer
    may see), and in an order that does not move with the clock, a page's cards and
    how many match are the same for everyone until the next write, so they are kept
    by data version. What each viewer may see of a card (its channels, the owner's own
    status label) is still decided for every request (`_entries`).
    """
    if shape.words or shape.channel or shape.sort == "local_time":
        return None
    return shape, tuple(sorted((k, v) for k, v in params.items() if k != "viewer_id"))


_PAGES: data_version.KeptByVersion[tuple[tuple, int]] = data_version.KeptByVersion(1024)


def _cards(ids) -> list:
    """The cards of `ids`, in that order."""
    if not ids:
        return []
    rows = db.session.execute(sql.cards_statement(), {"ids": list(ids)})
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _working_now_page(viewer_id, shape, params, now, per_page, page) -> DirectoryPage:
    """Filter the candidate set by status now (patterns loaded in constant queries)."""
    candidates = sql.matching((Member.id, Member.pattern_stamp), shape)
    ordered = candidates.order_by(*_order(shape.sort, now))
    stamps = dict(db.session.execute(ordered, params).all())
    patterns = stamped_patterns(stamps)
    working = [
        member_id
        for member_id in stamps
        if member_status(patterns[member_id], now, is_owner=member_id == viewer_id).working
    ]
    start = (page - 1) * per_page
    cards = _cards(working[start : start + per_page])
    return DirectoryPage(_entries(viewer_id, cards, now, patterns), page, per_page, len(working))


def _entries(viewer_id, rows, now, patterns) -> tuple[DirectoryEntry, ...]:
    teammates = _teammates(viewer_id)
    return tuple(
        DirectoryEntry(
            member_id=r.id,
            display_name=r.display_name,
            pronouns=r.pronouns,
            time_zone=r.time_zone,
            status=member_status(patterns[r.id], now, is_owner=r.id == viewer_id),
            teams=sql.split_team_names(r.team_names),
            channels=_channels(r, relation_by_teammates(viewer_id, r.id, teammates)),
            last_reviewed_at=r.last_reviewed_at,
        )
        for r in rows
    )


def _channels(row, relation: Relation) -> tuple[str, ...]:
    if not preferences_visible(row.comms_visibility, relation):
        return ()
    return channel_labels(split_channels(row.preferred_channels))


def _teammates(viewer_id: int) -> frozenset[int]:
    """Everyone sharing a team with the viewer, kept per (data version, viewer)."""
    return _TEAMMATES.get(
        db.session,
        viewer_id,
        lambda: frozenset(db.session.scalars(sql.teammates_statement(), {"viewer_id": viewer_id})),
    )


_TEAMMATES: data_version.KeptByVersion[frozenset[int]] = data_version.KeptByVersion(4096)


def filter_options() -> FilterOptions:
    """Teams, and the zones and regions members are in, for the filter form.

    The same for every viewer, so kept per data version: read again only after a write.
    """
    return _OPTIONS.get(db.session, "options", _read_filter_options)


_OPTIONS: data_version.KeptByVersion[FilterOptions] = data_version.KeptByVersion(1)


def _read_filter_options() -> FilterOptions:
    teams, zones = [], []
    for team_id, name, _part, _key in db.session.execute(_options_query()):
        if team_id is None:
            zones.append(name)
        else:
            teams.append((team_id, name))
    regions = tuple(sorted({region_of(zone) for zone in zones} - {""}))  # only members'
    return FilterOptions(tuple(teams), tuple(zones), regions)


@lru_cache(maxsize=1)
def _options_query():
    """Teams by name, then the distinct zones of active members: one statement, built once."""
    teams = select(Team.id, Team.name, literal(0).label("part"), func.lower(Team.name).label("k"))
    zones = (
        select(literal(None, Integer), Member.time_zone, literal(1), Member.time_zone)
        .where(Member.active.is_(True))
        .distinct()
    )
    return union_all(teams, zones).order_by("part", "k")


def profile(viewer_id: int, member_id: int, now: datetime, nudge_days: int) -> Profile:
    """A member's profile as `viewer_id` may see it; inactive members are not found."""
    member, relation, teams = _member_relation_teams(viewer_id, member_id)
    manual = manual_view(viewer_id, member_id, relation)
    pattern = stamped_patterns({member_id: member.pattern_stamp})[member_id]
    status = member_status(pattern, now, is_owner=viewer_id == member_id)
    stale = manual.exists and needs_review(manual.last_reviewed_at, now, nudge_days)
    return Profile(member, teams, manual, status, stale, pattern)


def _member_relation_teams(
    viewer_id: int, member_id: int
) -> tuple[Member, Relation, tuple[str, ...]]:
    """The (active) member, how the viewer relates to them and their team names, by name.

    One query: the member row joined to every membership of the viewer and the member.
    """
    rows = db.session.execute(
        select(Member, Membership.member_id, Membership.team_id, Team.name)
        .select_from(Member)
        .outerjoin(Membership, Membership.member_id.in_({viewer_id, member_id}))
        .outerjoin(Team, Team.id == Membership.team_id)
        .where(Member.id == member_id)
        .order_by(func.lower(Team.name))
    ).all()
    if not rows or not rows[0][0].active:
        raise NotFound("member", "No such member.")
    teams: dict[int, set[int]] = {viewer_id: set(), member_id: set()}
    names = []
    for _member, owner, team_id, name in rows:
        if owner is not None:
            teams[owner].add(team_id)
        if owner == member_id:
            names.append(name)
    relation = relation_of(viewer_id, member_id, teams[viewer_id], teams[member_id])
    return rows[0][0], relation, tuple(names)
