"""Booked meetings, their attendees, and busy time from imported calendars."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

MEETING_BOOKED = "booked"
MEETING_CANCELLED = "cancelled"


class Meeting(db.Model):
    """A meeting booked through Teamshape. `uid` stays the same across reschedules."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(140))
    meeting_type: Mapped[str] = mapped_column(String(24))
    agenda: Mapped[str] = mapped_column(Text, default="")
    # A room, an address or a video-call link (http/https only); "" when not said.
    location: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # None once the organiser deleted their account (the meeting is cancelled then).
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=MEETING_BOOKED)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attendees = relationship(
        "MeetingAttendee", back_populates="meeting", cascade="all, delete-orphan"
    )
    organiser = relationship("Member")


class MeetingAttendee(db.Model):
    """Someone invited to a meeting (the organiser is an attendee too)."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    meeting = relationship("Meeting", back_populates="attendees")
    member = relationship("Member")


class BookingLock(db.Model):
    """One row per member, locked (SELECT ... FOR UPDATE) while booking them.

    Booking re-checks limits inside the transaction; the lock makes two concurrent
    bookings of the same member queue on PostgreSQL instead of both passing the check.
    """

    __tablename__ = "booking_lock"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, default=0)


class CalendarImport(db.Model):
    """One imported calendar file (per source name); its busy intervals hang off it."""

    __tablename__ = "calendar_import"
    __table_args__ = (UniqueConstraint("member_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(120))
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    first_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    intervals = relationship(
        "BusyInterval", back_populates="calendar_import", cascade="all, delete-orphan"
    )


class BusyInterval(db.Model):
    """A busy span in UTC from an imported calendar file or a live calendar connection
    (exactly one of `import_id` and `connection_id` is set). Titles are never stored."""

    __tablename__ = "busy_interval"
    __table_args__ = (
        CheckConstraint(
            "(import_id IS NULL) <> (connection_id IS NULL)", name="busy_interval_one_source"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_import.id", ondelete="CASCADE"), index=True
    )
    connection_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_connection.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)

    calendar_import = relationship("CalendarImport", back_populates="intervals")
