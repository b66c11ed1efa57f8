"""The export's part for live calendars: each connection as metadata only.

What a member connected is theirs to take with them, but its secrets are not written
anywhere, not even into their own export: the address (masked, as the Calendar page
shows it), the kind, which calendars count as busy, whether meetings are written back,
and the refresh status. Busy spans are not exported: they are a copy of the member's
own calendar, which they already have.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CalendarConnection
from app.services.export.registry import iso, register_part
from app.services.export.shapes import BOOL, INT, NSTR, NTIME, STR, TIME, array, obj

CONNECTION = obj(
    kind={"enum": ["ics", "caldav"]},
    label=STR,
    address_shown_as=STR,
    calendars=array(obj(name=STR, counts_as_busy=BOOL)),
    writes_meetings_back=BOOL,
    events_last_read=INT,
    busy_spans=INT,
    last_read_at=NTIME,
    last_error=NSTR,
    connected_at=TIME,
)


def calendar_connections(member_id: int) -> list[dict]:
    """The member's live calendars, oldest first, without any secret."""
    rows = db.session.scalars(
        select(CalendarConnection)
        .where(CalendarConnection.member_id == member_id)
        .options(selectinload(CalendarConnection.calendars))
        .order_by(CalendarConnection.id)
    )
    return [
        {
            "kind": row.kind,
            "label": row.label,
            "address_shown_as": row.shown_as,
            "calendars": [{"name": c.name, "counts_as_busy": c.busy} for c in row.calendars],
            "writes_meetings_back": bool(row.write_back),
            "events_last_read": row.event_count,
            "busy_spans": row.busy_count,
            "last_read_at": iso(row.last_success_at),
            "last_error": row.last_error,
            "connected_at": iso(row.created_at),
        }
        for row in rows
    ]


register_part(
    "calendar_connections",
    "Live calendars you connected: metadata only (no address secret, no password).",
    array(CONNECTION),
    calendar_connections,
)
