"""Rows of a member's weekly pattern and its dated exceptions.

Times are minutes after local midnight in the member's own zone (0..1440); the domain
type `app.domain.workstyle.WeeklyPattern` is built from these rows by a service.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class PatternBlock(db.Model):
    """A recurring block: working, energy, focus, routine or no-meetings time."""

    __tablename__ = "pattern_block"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    energy: Mapped[str | None] = mapped_column(String(8))
    hard: Mapped[bool] = mapped_column(Boolean, default=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)


class TimeOffEntry(db.Model):
    """Time off from `first_day` to `last_day` inclusive, in the member's zone."""

    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class OneOffHoursEntry(db.Model):
    """Different working hours for one date: blocks as "HH:MM-HH:MM,..." ('' = off)."""

    __tablename__ = "one_off_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    blocks: Mapped[str] = mapped_column(String(200), default="")
