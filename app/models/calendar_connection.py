"""Live calendar connections (a subscription address or a CalDAV account) per member.

Secrets (the subscription address, the CalDAV server address with user name and app
password) are stored only encrypted, in `secret`; `shown_as` is the masked form the
page shows. The rest is the refresh status the Calendar page reports and the worker
uses: validators (ETag, Last-Modified), when it last worked, when to try next, the
last error in plain words and how many failures in a row. `claimed_until` and
`claim_token` let one worker at a time refresh a connection (a compare-and-set
UPDATE, which works the same on SQLite and PostgreSQL).

Busy time read from a connection is stored as `BusyInterval` rows pointing at it,
like an import's, so the scheduler reads both the same way. Every row here goes when
its member goes (ON DELETE CASCADE).

`BusyStamp` is renewed with every change to a member's busy time, from any source, so
the scheduler can keep busy time per process and ask only for stamps.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class CalendarConnection(db.Model):
    """One calendar source a member connected; `kind` is "ics" or "caldav"."""

    __tablename__ = "calendar_connection"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(120))
    shown_as: Mapped[str] = mapped_column(String(300))
    secret: Mapped[str] = mapped_column(Text)
    write_back: Mapped[bool] = mapped_column(Boolean, default=False)
    write_calendar_url: Mapped[str | None] = mapped_column(String(1000))
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    busy_count: Mapped[int] = mapped_column(Integer, default=0)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    write_error: Mapped[str | None] = mapped_column(Text)
    write_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    calendars = relationship(
        "ConnectionCalendar",
        back_populates="connection",
        cascade="all, delete-orphan",
        order_by="ConnectionCalendar.name",
    )


class ConnectionCalendar(db.Model):
    """A calendar inside a CalDAV account; `busy` when the member ticked it."""

    __tablename__ = "connection_calendar"
    __table_args__ = (UniqueConstraint("connection_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_connection.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(1000))
    name: Mapped[str] = mapped_column(String(200))
    busy: Mapped[bool] = mapped_column(Boolean, default=False)
    ctag: Mapped[str | None] = mapped_column(String(300))

    connection = relationship("CalendarConnection", back_populates="calendars")


class BusyStamp(db.Model):
    """A random value renewed by every write to a member's busy time (imports and live
    calendars), so every process can keep a member's busy time by (member id, stamp)."""

    __tablename__ = "busy_stamp"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[int] = mapped_column(BigInteger)
