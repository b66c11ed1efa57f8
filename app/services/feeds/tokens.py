"""Feed tokens: turn a personal or team feed on, regenerate or revoke its secret URL.

The URL carries a 256-bit token; only its SHA-256 is stored, so the token is shown
once, when made. Regenerating revokes the old token at once and issues a new one that
inherits the old one's sequence and content hash (clients keep comparing sequences).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app.domain.accounts import check_time_zone
from app.domain.errors import DomainError, NotFound
from app.domain.tokens import new_token
from app.extensions import db
from app.models import FeedToken, Member, Membership, Team
from app.models.feed import FEED_PERSONAL, FEED_TEAM
from app.services.transaction import unit_of_work


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
    if team_id not in team_ids(member_id):
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


def team_ids(member_id: int) -> set[int]:
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
