"""The directory's SQL: which members match a query, as a viewer may see them.

The visibility rule is written into the query: a section's text can match only if it
is marked "workspace", or "teams" and the viewer shares a team with its owner, or the
viewer is its owner, so hidden text never makes someone appear in a result. Manual text
is matched in the search documents (`app.domain.search` says why that is exact).

Every value a query carries (the viewer, search words, team, zone, region, channel,
page) is a bound parameter, so a statement depends only on the query's *shape* and is
built once per shape and dialect: building and cache-keying these statements cost a
directory page more Python time than running them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, bindparam, exists, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from app.domain.manual import CHANNELS, COMMUNICATION
from app.domain.visibility import TEAMS, WORKSPACE
from app.models import Manual, ManualSection, Member, Membership, SearchDocument, Team

MAX_SEARCH_WORDS = 8
COMMS = aliased(ManualSection, name="comms")
VIEWER = bindparam("viewer_id")
# Team names cannot hold control characters (`services.teams`), so this one separates
# them exactly.
TEAM_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Shape:
    """What a directory statement's SQL depends on (its values are parameters)."""

    dialect: str
    words: int = 0
    team: bool = False
    zone: bool = False
    region: bool = False
    channel: bool = False
    sort: str = "name"
    working_now: bool = False  # the parameter `working_ids` lists who may match


def shape_and_params(query, viewer_id: int, dialect: str) -> tuple[Shape, dict]:
    """The shape of a `DirectoryQuery` and the parameters that fill it in."""
    words = search_words(query.text)
    channel = query.channel in dict(CHANNELS)
    shape = Shape(
        dialect,
        len(words),
        bool(query.team_id),
        bool(query.zone),
        bool(query.region),
        channel,
        query.sort,
        query.working_now,
    )
    params = {"viewer_id": viewer_id, "team_id": query.team_id, "zone": query.zone}
    params |= {f"word_{n}": _like(word) for n, word in enumerate(words)}
    params |= {f"near_{n}": [] for n in range(len(words))}  # filled by the caller
    params["region"] = f"{_escaped(query.region)}/%"
    params["channel"] = f"%,{query.channel},%" if channel else ""
    return shape, params


def search_words(text: str) -> list[str]:
    """The words a search matches: split on whitespace, at most `MAX_SEARCH_WORDS`."""
    return text.split()[:MAX_SEARCH_WORDS]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(word: str) -> str:
    return f"%{_escaped(word.lower())}%"


def section_visible_to(viewer, section=ManualSection) -> ColumnElement[bool]:
    """SQL: this `section` row may be seen by `viewer` (the one rule, in SQL)."""
    viewer_teams = select(Membership.team_id).where(Membership.member_id == viewer)
    teammates = select(Membership.member_id).where(Membership.team_id.in_(viewer_teams))
    return or_(
        section.visibility == WORKSPACE,
        and_(section.visibility == TEAMS, section.member_id.in_(teammates)),
        section.member_id == viewer,
    )


def _contains(column, pattern, dialect: str) -> ColumnElement[bool]:
    """Case-insensitive LIKE with a lower-cased pattern. SQLite's LIKE already ignores
    (ASCII) case, so lower() on every row would only cost time; on PostgreSQL
    lower(column) LIKE is much faster than ILIKE."""
    if dialect == "sqlite":
        return column.like(pattern, escape="\\")
    return func.lower(column).like(pattern, escape="\\")


def _word_matches(pattern, dialect: str) -> ColumnElement[bool]:
    """Manual text the viewer may see, the member's name or a team name contains the word.

    Manual text is matched in the search documents as one uncorrelated IN, which both
    databases work out once per statement rather than once per member (a correlated
    EXISTS under this OR is a per-member subplan on PostgreSQL: about 25 ms per word at
    2,000 members, not 3). It is tried first because it is the usual hit, a probe of
    that set is cheaper than a LIKE, and the OR stops at its first true term.
    """
    in_team_name = exists(
        select(Membership.id)
        .join(Team, Team.id == Membership.team_id)
        .where(Membership.member_id == Member.id, _contains(Team.name, pattern, dialect))
    )
    in_manual = Member.id.in_(
        select(SearchDocument.member_id).where(
            section_visible_to(VIEWER, SearchDocument),
            # Terms and pattern are both lower-cased in Python: no lower() per row.
            SearchDocument.terms.like(pattern, escape="\\"),
        )
    )
    return or_(
        in_manual,
        _contains(Member.display_name, pattern, dialect),
        _contains(Member.headline, pattern, dialect),
        in_team_name,
    )


def _communication_visible() -> ColumnElement[bool]:
    """The owner's communication section (joined once per member) is visible to the viewer;
    structured preferences follow it, and no section means nothing to show."""
    return and_(COMMS.id.is_not(None), section_visible_to(VIEWER, COMMS))


def _filters(shape: Shape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Member.active.is_(True)]
    conditions += [
        or_(
            _word_matches(bindparam(f"word_{n}"), shape.dialect),
            # Names a mistyped word is close to (`domain.matches.close_names`).
            Member.id.in_(bindparam(f"near_{n}", expanding=True)),
        )
        for n in range(shape.words)
    ]
    if shape.team:
        in_team = Membership.team_id == bindparam("team_id")
        conditions.append(
            exists(select(Membership.id).where(Membership.member_id == Member.id, in_team))
        )
    if shape.zone:
        conditions.append(Member.time_zone == bindparam("zone"))
    if shape.region:
        conditions.append(Member.time_zone.like(bindparam("region"), escape="\\"))
    if shape.channel:
        stored = literal(",") + Manual.preferred_channels + literal(",")
        conditions += [stored.like(bindparam("channel")), _communication_visible()]
    if shape.working_now:
        conditions.append(Member.id.in_(bindparam("working_ids", expanding=True)))
    return conditions


def matching(columns, shape: Shape):
    """Members matching the query; the manual and its communication section are joined
    only when a filter or the sort needs them."""
    statement = select(*columns).select_from(Member).where(*_filters(shape))
    if shape.channel or shape.sort == "reviewed":
        statement = statement.outerjoin(Manual, Manual.member_id == Member.id)
    if shape.channel:
        statement = statement.outerjoin(COMMS, _comms_join())
    return statement


def _comms_join() -> ColumnElement[bool]:
    return and_(COMMS.member_id == Member.id, COMMS.key == COMMUNICATION)


def static_order(sort: str) -> list:
    """The ORDER BY of every sort except "local_time" (which depends on the hour)."""
    by_name = [func.lower(Member.display_name), Member.id]
    if sort == "reviewed":
        return [Manual.last_reviewed_at.desc().nulls_last(), *by_name]
    return by_name


def card_columns(shape: Shape):
    """What a card shows: `comms_visibility` is who may see the communication section
    (its channels follow it), decided per viewer in Python by the domain's rule. With
    search words, `visible_terms` holds the words of the sections the viewer may see
    (the visibility rule in SQL), so the card can show which words matched."""
    return (
        *_matched_terms(shape),
        Member.id,
        Member.display_name,
        Member.pronouns,
        Member.headline,
        Member.time_zone,
        Member.pattern_stamp,
        Manual.last_reviewed_at,
        Manual.preferred_channels,
        COMMS.visibility.label("comms_visibility"),
        _team_names(),
    )


def _matched_terms(shape: Shape) -> tuple:
    if not shape.words:
        return ()
    terms = (
        select(func.aggregate_strings(SearchDocument.terms, " "))
        .where(SearchDocument.member_id == Member.id, section_visible_to(VIEWER, SearchDocument))
        .correlate(Member)
        .scalar_subquery()
        .label("visible_terms")
    )
    return (terms,)


def _team_names():
    """The member's team names in one string (a subquery per card, not a query per page)."""
    return (
        select(func.aggregate_strings(Team.name, TEAM_SEPARATOR))
        .select_from(Membership)
        .join(Team, Team.id == Membership.team_id)
        .where(Membership.member_id == Member.id)
        .correlate(Member)
        .scalar_subquery()
        .label("team_names")
    )


def split_team_names(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(TEAM_SEPARATOR), key=str.lower)) if joined else ()


def _with_card_columns(statement):
    """`statement` (with the member in its FROM) joined to the manual and the
    communication section, whose columns a card shows."""
    return statement.outerjoin(Manual, Manual.member_id == Member.id).outerjoin(
        COMMS, _comms_join()
    )


def page_statement(shape: Shape, order: list):
    """One page of cards with the total: parameters `limit` and `offset` besides the
    query's. An inner query finds the page's ids and the total, and only those rows
    are joined to what a card shows."""
    paged = (
        matching((Member.id.label("page_id"), _total(shape)), shape)
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("paged")
    )
    cards = select(paged.c.total, *card_columns(shape)).select_from(paged)
    return _with_card_columns(cards.join(Member, Member.id == paged.c.page_id)).order_by(*order)


@lru_cache(maxsize=256)
def cached_page_statement(shape: Shape):
    """`page_statement` for a sort whose order does not change with the hour."""
    return page_statement(shape, static_order(shape.sort))


def _total(shape: Shape):
    """The number of matches, as a column of the page's query.

    Search words are the costly filters, so with words the total is a window count
    over the matches (they are found once). Without, it is a separate count, which
    lets the page itself stop after its rows (read in index order) instead of
    visiting every member.
    """
    if shape.words:
        return func.count().over().label("total")
    return count_statement(shape).scalar_subquery().label("total")


@lru_cache(maxsize=256)
def count_statement(shape: Shape):
    return select(func.count()).select_from(matching((Member.id,), shape).subquery())


@lru_cache(maxsize=1)
def teammates_statement():
    """The members sharing a team with the parameter `viewer_id`."""
    viewer_teams = select(Membership.team_id).where(Membership.member_id == VIEWER)
    return select(Membership.member_id).where(Membership.team_id.in_(viewer_teams)).distinct()
