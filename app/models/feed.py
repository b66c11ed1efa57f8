"""Secret calendar-feed tokens: stored hashed, revocable, one per member or team feed.

A token also remembers what its feed last held (`content_hash`, a SHA-256 of the
events with their DTSTAMP left out), when that last changed (`changed_at`) and how
often (`sequence`): the feed's SEQUENCE, DTSTAMP and Last-Modified come from these.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

FEED_PERSONAL = "personal"
FEED_TEAM = "team"


class FeedToken(db.Model):
    """A subscription URL's secret. Only its SHA-256 is kept; revoking sets revoked_at."""

    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
