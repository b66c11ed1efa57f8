"""The people directory and profile pages: who is here, found by what the viewer may see.

Every page runs a constant number of queries whatever the number of members: the page
is sorted and cut in SQL (`app.services.directory.sql`, where the visibility rule is
written into the query; a zone-offset CASE makes "local time now" sortable there). The
"working now" filter is a parameter too: the ids of who works this minute, read from
an index kept per data version and minute (`working_now`), so a request loads only its
page's rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import case, select

from app.domain.manual import channel_labels, split_channels
from app.domain.matches import Match, card_matches
from app.domain.visibility import Relation, preferences_visible, relation_by_teammates
from app.extensions import db
from app.models import Member
from app.services import data_version
from app.services.directory import sql
from app.services.directory.names import near_params
from app.services.directory.statuses import MemberStatusView, member_status, offset_minutes
from app.services.directory.working_now import working_ids
from app.services.patterns import stamped_patterns

SORTS = (
    ("name", "Name"),
    ("local_time", "Local time now (west to east)"),
    ("reviewed", "Recently reviewed"),
)


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
class DirectoryEntry:
    member_id: int
    display_name: str
    pronouns: str
    time_zone: str
    status: MemberStatusView
    teams: tuple[str, ...]
    channels: tuple[str, ...]
    last_reviewed_at: datetime | None
    headline: str = ""
    matched: tuple[Match, ...] = ()  # where each search word hit, in what the viewer may see


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


def _order(sort: str, now: datetime) -> list:
    """The ORDER BY; "local_time" ranks members by their zone's offset at `now`."""
    if sort == "local_time":
        zones = db.session.scalars(select(Member.time_zone).distinct())
        offsets = {z: offset_minutes(z, now) for z in zones}
        if offsets:
            return [case(offsets, value=Member.time_zone, else_=0), *sql.static_order(sort)]
    return sql.static_order(sort)


def search_directory(
    viewer_id: int, query: DirectoryQuery, now: datetime, per_page: int
) -> DirectoryPage:
    """One page of active members matching `query`, as `viewer_id` may see them."""
    page = max(1, query.page)
    shape, params = sql.shape_and_params(query, viewer_id, db.session.get_bind().dialect.name)
    words = sql.search_words(query.text)
    params |= {"limit": per_page, "offset": (page - 1) * per_page} | near_params(words)
    if query.working_now:
        params["working_ids"] = working_ids(now)
    key = _shared_key(shape, params)
    if key is None:
        rows, total = _page_rows(query, shape, params, now)
        return DirectoryPage(_entries(viewer_id, rows, now, words), page, per_page, total)
    rows, total = _PAGES.get(db.session, key, lambda: _page_rows(query, shape, params, now))
    minute = now.replace(second=0, microsecond=0)
    entries = _ENTRIES.get(
        db.session, (key, viewer_id, minute), lambda: _entries(viewer_id, rows, now)
    )
    return DirectoryPage(entries, page, per_page, total)


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
    status label) is decided per viewer (`_entries`, kept per viewer and minute).
    """
    if shape.words or shape.channel or shape.sort == "local_time" or shape.working_now:
        return None
    return shape, tuple(sorted((k, v) for k, v in params.items() if k != "viewer_id"))


_PAGES: data_version.KeptByVersion[tuple[tuple, int]] = data_version.KeptByVersion(1024)
# (shared page key, viewer, minute) → that page's cards as the viewer sees them: what a
# card shows the viewer (channels, their own routine's name) depends on who they are,
# and statuses cannot change inside a minute (`statuses._status_in_minute`).
_ENTRIES: data_version.KeptByVersion[tuple[DirectoryEntry, ...]]
_ENTRIES = data_version.KeptByVersion(1024)


def _entries(viewer_id, rows, now, words=()) -> tuple[DirectoryEntry, ...]:
    teammates = _teammates(viewer_id)
    patterns = stamped_patterns({r.id: r.pattern_stamp for r in rows})
    return tuple(_entry(r, viewer_id, teammates, now, patterns, words) for r in rows)


def _entry(r, viewer_id, teammates, now, patterns, words) -> DirectoryEntry:
    teams = sql.split_team_names(r.team_names)
    return DirectoryEntry(
        member_id=r.id,
        display_name=r.display_name,
        pronouns=r.pronouns,
        headline=r.headline,
        time_zone=r.time_zone,
        status=member_status(patterns[r.id], now, is_owner=r.id == viewer_id),
        teams=teams,
        channels=_channels(r, relation_by_teammates(viewer_id, r.id, teammates)),
        last_reviewed_at=r.last_reviewed_at,
        matched=_matched(r, words, teams),
    )


def _matched(row, words, teams) -> tuple[Match, ...]:
    """Which words of the card each query word hit; manual words only from the
    sections the viewer may see (`visible_terms`, filtered in SQL)."""
    if not words:
        return ()
    terms = row.visible_terms or ""
    return card_matches(
        words, name=row.display_name, headline=row.headline, teams=teams, terms=terms
    )


def _channels(row, relation: Relation) -> tuple[str, ...]:
    if not preferences_visible(row.comms_visibility, relation):
        return ()
    return _channel_labels(row.preferred_channels or "")


@lru_cache(maxsize=512)
def _channel_labels(stored: str) -> tuple[str, ...]:
    """The labels of a stored channel list, once per distinct list (a page has 50 cards
    and members pick from a handful of channels)."""
    return channel_labels(split_channels(stored))


def _teammates(viewer_id: int) -> frozenset[int]:
    """Everyone sharing a team with the viewer, kept per (data version, viewer)."""
    return _TEAMMATES.get(
        db.session,
        viewer_id,
        lambda: frozenset(db.session.scalars(sql.teammates_statement(), {"viewer_id": viewer_id})),
    )


_TEAMMATES: data_version.KeptByVersion[frozenset[int]] = data_version.KeptByVersion(4096)
