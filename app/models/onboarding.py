"""Invites for new hires and their onboarding progress (wizard step, cards read).

Invite tokens are stored only as SHA-256 hashes; the link itself is shown once to the
admin (and emailed when SMTP is configured).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

invite_team = Table(
    "invite_team",
    db.metadata,
    Column("invite_id", ForeignKey("invite.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
)


class Invite(db.Model):
    """A single-use, expiring invitation to join the workspace."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))

    teams = relationship("Team", secondary=invite_team, order_by="Team.name")


class OnboardingState(db.Model):
    """Where a new hire is in the first-manual wizard, and what they have done."""

    __tablename__ = "onboarding_state"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    current_step: Mapped[str] = mapped_column(String(24), default="hours")
    done_steps: Mapped[str] = mapped_column(String(120), default="")
    skipped_steps: Mapped[str] = mapped_column(String(120), default="")
    wizard_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intros_booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intros_booked: Mapped[int] = mapped_column(Integer, default=0)


class CardRead(db.Model):
    """A new hire opened a teammate's card on "meet your team"."""

    __tablename__ = "card_read"
    __table_args__ = (UniqueConstraint("member_id", "teammate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    teammate_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
