"""Feeds that must die for good: when their owner leaves a team or is deactivated.

A feed URL is a bearer secret that may have been copied into other calendars. Checking
membership (or the active flag) when it is fetched hides it while the owner is out, but
re-adding them would bring every old URL back to life; revoking it in the same
transaction as the change means a re-added member has to turn the feed on afresh and
gets a new URL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from app.extensions import db
from app.models import FeedToken
from app.models.feed import FEED_TEAM


def revoke_team_feeds(member_id: int, team_id: int, now: datetime) -> None:
    """Revoke the member's feeds of one team (inside the caller's unit of work)."""
    db.session.execute(
        update(FeedToken)
        .where(
            FeedToken.member_id == member_id,
            FeedToken.kind == FEED_TEAM,
            FeedToken.team_id == team_id,
            FeedToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


def revoke_all_feeds(member_id: int, now: datetime) -> None:
    """Revoke every feed of the member (inside the caller's unit of work)."""
    db.session.execute(
        update(FeedToken)
        .where(FeedToken.member_id == member_id, FeedToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
