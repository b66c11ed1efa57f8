"""A member's working-style manual: sections with visibility, revisions, review date.

One row per section (the story is the section "story", written in Markdown) so that
visibility can be filtered in SQL, section by section; search reads the search
documents derived from the sections, one per member and visibility.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

VISIBILITY_WORKSPACE = "workspace"
VISIBILITY_TEAMS = "teams"
VISIBILITY_PRIVATE = "private"


class Manual(db.Model):
    """The manual's header: structured preferences, review date, meeting preferences."""

    __tablename__ = "manual"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), unique=True
    )
    # Structured communication preferences (shown with the "communication" section).
    preferred_channels: Mapped[str] = mapped_column(String(120), default="")
    response_time: Mapped[str] = mapped_column(String(32), default="")
    feedback_mode: Mapped[str] = mapped_column(String(16), default="")
    feedback_setting: Mapped[str] = mapped_column(String(16), default="")
    meeting_preference: Mapped[str] = mapped_column(String(32), default="")
    # Meeting preferences that the scheduler obeys.
    max_meetings_per_day: Mapped[int | None] = mapped_column(Integer)
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member = relationship("Member", backref=db.backref("manual", uselist=False))


class ManualSection(db.Model):
    """One section of a manual, with the visibility its author chose."""

    __tablename__ = "manual_section"
    __table_args__ = (UniqueConstraint("member_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default=VISIBILITY_TEAMS)


class SearchDocument(db.Model):
    """The distinct lower-cased words of a member's sections of one visibility.

    Derived from the sections (see `app.domain.search` for why searching it is exact) so
    that a directory search reads a few short rows per member instead of every body;
    `app.services.search_index` is its only writer.
    """

    __tablename__ = "search_document"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    visibility: Mapped[str] = mapped_column(String(16), primary_key=True)
    terms: Mapped[str] = mapped_column(Text, default="")


class ManualRevision(db.Model):
    """A snapshot (JSON) of the whole manual at each save; only its author reads it."""

    __tablename__ = "manual_revision"
    __table_args__ = (UniqueConstraint("member_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
