"""The people directory and profile pages: who is here, found by what the viewer may see.

Search and filters run in SQL with the visibility rule written into the query: a
section's text can match only if it is marked "workspace", or "teams" and the viewer
shares a team with its owner, or the viewer is its owner. So hidden text never makes
someone appear in a result. Every page runs a constant number of queries whatever the
number of members: the page is sorted and cut in SQL (a zone-offset CASE makes "local
time now" sortable there), and only the "working now" filter, which needs each
candidate's weekly pattern, loads patterns for the candidate set (in constant
queries) and paginates in Python.

Manual text is matched in each member's search documents (the distinct lower-cased
words of their sections, one per visibility) rather than in the section bodies: they
find exactly the same members (see `app.domain.search`) at a fraction of the scan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from app.domain.accounts import time_zone_names
from app.domain.errors import InvalidPattern, NotFound
from app.domain.manual import CHANNELS, COMMUNICATION, channel_labels, needs_review
from app.domain.visibility import TEAMS, WORKSPACE, Relation, relation_of
from app.domain.workstyle import Activity, MemberStatus, WeeklyPattern, status_at
from app.extensions import db
from app.models import Manual, ManualSection, Member, Membership, SearchDocument, Team
from app.services import data_version
from app.services.manuals import ManualView, manual_view
from app.services.patterns import stamped_patterns

SORTS = (
    ("name", "Name"),
    ("local_time", "Local time now (west to east)"),
    ("reviewed", "Recently reviewed"),
)
WORKING_ACTIVITIES = (Activity.WORKING, Activity.FOCUS)
MAX_SEARCH_WORDS = 8
COMMS = aliased(ManualSection, name="comms")


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


@lru_cache(maxsize=1)
def all_regions() -> tuple[str, ...]:
    return tuple(sorted({region_of(z) for z in time_zone_names()} - {""}))


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


def _like(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def section_visible_to(viewer_id: int, section=ManualSection) -> ColumnElement[bool]:
    """SQL: this `section` row may be seen by `viewer_id` (the one rule, in SQL)."""
    viewer_teams = select(Membership.team_id).where(Membership.member_id == viewer_id)
    teammates = select(Membership.member_id).where(Membership.team_id.in_(viewer_teams))
    return or_(
        section.visibility == WORKSPACE,
        and_(section.visibility == TEAMS, section.member_id.in_(teammates)),
        section.member_id == viewer_id,
    )


def _contains(column, pattern: str) -> ColumnElement[bool]:
    """Case-insensitive LIKE with a lower-cased pattern. SQLite's LIKE already ignores
    (ASCII) case, so lower() on every row would only cost time; on PostgreSQL
    lower(column) LIKE is much faster than ILIKE."""
    if db.session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape="\\")
    return func.lower(column).like(pattern, escape="\\")


def _word_matches(viewer_id: int, word: str) -> ColumnElement[bool]:
    """Manual text the viewer may see, the member's name or a team name contains `word`.

    Manual text is matched in the search documents as one uncorrelated IN, which both
    databases work out once per statement rather than once per member (a correlated
    EXISTS under this OR is a per-member subplan on PostgreSQL: about 25 ms per word at
    2,000 members, not 3). It is tried first because it is the usual hit, a probe of
    that set is cheaper than a LIKE, and the OR stops at its first true term.
    """
    pattern = _like(word)
    in_team_name = exists(
        select(Membership.id)
        .join(Team, Team.id == Membership.team_id)
        .where(
            Membership.member_id == Member.id,
            _contains(Team.name, pattern),
        )
    )
    in_manual = Member.id.in_(
        select(SearchDocument.member_id).where(
            section_visible_to(viewer_id, SearchDocument),
            # Terms and pattern are both lower-cased in Python: no lower() per row.
            SearchDocument.terms.like(pattern, escape="\\"),
        )
    )
    return or_(in_manual, _contains(Member.display_name, pattern), in_team_name)


def _communication_visible(viewer_id: int) -> ColumnElement[bool]:
    """The owner's communication section (joined once per member) is visible to the viewer;
    structured preferences follow it, and no section means nothing to show."""
    return and_(COMMS.id.is_not(None), section_visible_to(viewer_id, COMMS))


def _filters(viewer_id: int, query: DirectoryQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Member.active.is_(True)]
    words = query.text.split()[:MAX_SEARCH_WORDS]
    conditions += [_word_matches(viewer_id, w) for w in words]
    if query.team_id:
        conditions.append(
            exists(
                select(Membership.id).where(
                    Membership.member_id == Member.id, Membership.team_id == query.team_id
                )
            )
        )
    if query.zone:
        conditions.append(Member.time_zone == query.zone)
    if query.region:
        conditions.append(Member.time_zone.like(f"{query.region}/%"))
    if query.channel in dict(CHANNELS):
        stored = literal(",") + Manual.preferred_channels + literal(",")
        conditions += [stored.like(f"%,{query.channel},%"), _communication_visible(viewer_id)]
    return conditions


def _offset_minutes(zone: str, now: datetime) -> int:
    offset = now.astimezone(_zone(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _order(query: DirectoryQuery, now: datetime) -> list:
    by_name = [func.lower(Member.display_name), Member.id]
    if query.sort == "reviewed":
        return [Manual.last_reviewed_at.desc().nulls_last(), *by_name]
    if query.sort == "local_time":
        zones = db.session.scalars(select(Member.time_zone).distinct())
        offsets = {z: _offset_minutes(z, now) for z in zones}
        if offsets:
            return [case(offsets, value=Member.time_zone, else_=0), *by_name]
    return by_name


def _page_columns(viewer_id: int):
    return (
        Member.id,
        Member.display_name,
        Member.pronouns,
        Member.time_zone,
        Member.pattern_stamp,
        Manual.last_reviewed_at,
        Manual.preferred_channels,
        case((_communication_visible(viewer_id), True), else_=False).label("comms_visible"),
        _team_names(),
    )


# Team names cannot hold control characters (`services.teams`), so this one separates
# them exactly.
TEAM_SEPARATOR = "\x1f"


def _team_names():
    """The member's team names in one string (a subquery per card, not a query per page)."""
    return (
        select(func.aggregate_strings(Team.name, TEAM_SEPARATOR))
        .join(Membership, Membership.team_id == Team.id)
        .where(Membership.member_id == Member.id)
        .correlate(Member)
        .scalar_subquery()
        .label("team_names")
    )


def _split_team_names(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(TEAM_SEPARATOR), key=str.lower)) if joined else ()


def _base(columns, viewer_id: int, query: DirectoryQuery):
    """Members matching `query`; the manual and its communication section are joined
    only when a filter or the sort needs them."""
    statement = select(*columns).select_from(Member).where(*_filters(viewer_id, query))
    channel = query.channel in dict(CHANNELS)
    if channel or query.sort == "reviewed":
        statement = statement.outerjoin(Manual, Manual.member_id == Member.id)
    if channel:
        statement = statement.outerjoin(COMMS, _comms_join())
    return statement


def _comms_join() -> ColumnElement[bool]:
    return and_(COMMS.member_id == Member.id, COMMS.key == COMMUNICATION)


def _details(viewer_id: int, ids: list[int]) -> list:
    """What a card shows, for the members of one page, in the page's order."""
    if not ids:
        return []
    rows = db.session.execute(_details_query(), {"viewer_id": viewer_id, "ids": ids}).all()
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


@lru_cache(maxsize=1)
def _details_query():
    """`_details`' statement, built once: the viewer and the ids are parameters."""
    details = select(*_page_columns(bindparam("viewer_id"))).select_from(Member)
    return _with_details(details).where(Member.id.in_(bindparam("ids", expanding=True)))


def _with_details(statement):
    """`statement` (with the member in its FROM) joined to the manual and the
    communication section, whose columns a card shows."""
    return statement.outerjoin(Manual, Manual.member_id == Member.id).outerjoin(
        COMMS, _comms_join()
    )


def search_directory(
    viewer_id: int, query: DirectoryQuery, now: datetime, per_page: int
) -> DirectoryPage:
    """One page of active members matching `query`, as `viewer_id` may see them.

    One statement in two steps keeps the scan lean: an inner query finds the page's
    ids and the total (a window count, so the filters run once), and only those rows
    are joined to what a card shows.
    """
    page = max(1, query.page)
    order = _order(query, now)
    if query.working_now:
        return _working_now_page(viewer_id, query, now, per_page, order)
    paged = (
        _base((Member.id.label("page_id"), func.count().over().label("total")), viewer_id, query)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("paged")
    )
    rows = db.session.execute(
        _with_details(
            select(paged.c.total, *_page_columns(viewer_id))
            .select_from(paged)
            .join(Member, Member.id == paged.c.page_id)
        ).order_by(*order)
    ).all()
    total = rows[0].total if rows else _count(viewer_id, query) if page > 1 else 0
    patterns = stamped_patterns({r.id: r.pattern_stamp for r in rows})
    entries = _entries(viewer_id, rows, now, patterns)
    return DirectoryPage(entries, page, per_page, total)


def _count(viewer_id: int, query: DirectoryQuery) -> int:
    """Matches in all, for a page past the end (a page with rows carries its total)."""
    counted = select(func.count()).select_from(_base((Member.id,), viewer_id, query).subquery())
    return db.session.scalar(counted) or 0


def _working_now_page(viewer_id, query, now, per_page, order) -> DirectoryPage:
    """Filter the candidate set by status now (patterns loaded in constant queries)."""
    page = max(1, query.page)
    stamps = dict(
        db.session.execute(
            _base((Member.id, Member.pattern_stamp), viewer_id, query).order_by(*order)
        ).all()
    )
    patterns = stamped_patterns(stamps)
    working = [
        member_id
        for member_id in stamps
        if member_status(patterns[member_id], now, is_owner=member_id == viewer_id).working
    ]
    start = (page - 1) * per_page
    shown = _details(viewer_id, working[start : start + per_page])
    return DirectoryPage(_entries(viewer_id, shown, now, patterns), page, per_page, len(working))


def _entries(viewer_id, rows, now, patterns) -> tuple[DirectoryEntry, ...]:
    return tuple(
        DirectoryEntry(
            member_id=r.id,
            display_name=r.display_name,
            pronouns=r.pronouns,
            time_zone=r.time_zone,
            status=member_status(patterns[r.id], now, is_owner=r.id == viewer_id),
            teams=_split_team_names(r.team_names),
            channels=channel_labels((r.preferred_channels or "").split(","))
            if r.comms_visible
            else (),
            last_reviewed_at=r.last_reviewed_at,
        )
        for r in rows
    )


def filter_options() -> FilterOptions:
    """Teams, the zones members are in, and every region, for the filter form.

    The same for every viewer, so kept per data version: read again only after a write.
    """
    version = data_version.current(db.session)
    options = _OPTIONS.get(version)
    if options is None:
        options = _read_filter_options()
        _OPTIONS.clear()  # only the newest version is ever asked for again
        _OPTIONS[version] = options
    return options


_OPTIONS: dict[int, FilterOptions] = {}


def _read_filter_options() -> FilterOptions:
    teams, zones = [], []
    for team_id, name, _part, _key in db.session.execute(_options_query()):
        if team_id is None:
            zones.append(name)
        else:
            teams.append((team_id, name))
    return FilterOptions(tuple(teams), tuple(zones), all_regions())


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
