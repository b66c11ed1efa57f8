"""Importing busy time from a member's own calendar file (.ics), and managing imports.

The file is read by `app.domain.calendar.parse_busy` over the next `weeks` weeks (from
the member's local midnight today, in their zone). Only the busy spans are stored
(`BusyInterval`: start and end in UTC); titles and every other text in the file are
dropped while parsing and never stored, so nobody - the member included - can be
shown them later. The scheduler reads these spans as hard busy time.

Each import has a source name the member chooses ("My calendar" by default); a new
upload under the same name replaces the previous one's busy time in ONE transaction.
A refused file (`CalendarImportError`, raised before anything is written) or any
failure while saving leaves the earlier busy time exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select

from app.domain.calendar import parse_busy
from app.domain.errors import DomainError, NotFound
from app.domain.intervals import Interval
from app.extensions import db
from app.models import BusyInterval, CalendarImport, Member
from app.services import busy_time
from app.services.transaction import unit_of_work

DEFAULT_SOURCE = "My calendar"
MAX_SOURCE = 120


@dataclass(frozen=True)
class ImportSummary:
    """What the member sees about one import: no titles, only counts and dates."""

    id: int
    source: str
    event_count: int
    busy_count: int
    first_start: datetime | None
    last_end: datetime | None
    imported_at: datetime


def clean_source(source: str | None) -> str:
    """The source name trimmed, "My calendar" when empty; `DomainError` when too long."""
    name = " ".join((source or "").split())
    if len(name) > MAX_SOURCE:
        raise DomainError("source", f"Keep the name under {MAX_SOURCE} characters.")
    return name or DEFAULT_SOURCE


def import_window(zone: str, now: datetime, weeks: int) -> Interval:
    """From the member's local midnight today to `weeks` weeks later."""
    tz = ZoneInfo(zone)
    start = datetime.combine(now.astimezone(tz).date(), time(0), tz)
    end = datetime.combine(start.date() + timedelta(weeks=weeks), time(0), tz)
    return Interval(start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC")))


def import_calendar(
    member_id: int,
    data: bytes,
    *,
    source: str | None,
    now: datetime,
    weeks: int,
    max_bytes: int,
) -> ImportSummary:
    """Replace the busy time from `source` with the file's; refused files change nothing."""
    name = clean_source(source)
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    window = import_window(member.time_zone, now, weeks)
    busy = parse_busy(data, window, member.time_zone, max_bytes=max_bytes)
    span = busy.span
    with unit_of_work("source", "That calendar was being imported twice at once; try again."):
        row = db.session.scalar(
            select(CalendarImport).where(
                CalendarImport.member_id == member_id, CalendarImport.source == name
            )
        )
        if row is None:
            row = CalendarImport(member_id=member_id, source=name)
            db.session.add(row)
        else:
            db.session.execute(delete(BusyInterval).where(BusyInterval.import_id == row.id))
        row.event_count = busy.event_count
        row.first_start = span.start if span else None
        row.last_end = span.end if span else None
        row.imported_at = now
        db.session.flush()
        if busy.intervals:
            db.session.execute(
                insert(BusyInterval),
                [
                    {"import_id": row.id, "member_id": member_id, "start": i.start, "end": i.end}
                    for i in busy.intervals
                ],
            )
        busy_time.renew(member_id)
    return ImportSummary(
        row.id, name, busy.event_count, len(busy.intervals), row.first_start, row.last_end, now
    )


def list_imports(member_id: int) -> list[ImportSummary]:
    """The member's imports by name with their counts and date ranges (two queries)."""
    rows = list(
        db.session.scalars(
            select(CalendarImport)
            .where(CalendarImport.member_id == member_id)
            .order_by(CalendarImport.source, CalendarImport.id)
        )
    )
    counts = _busy_counts([row.id for row in rows])
    return [
        ImportSummary(
            row.id,
            row.source,
            row.event_count,
            counts.get(row.id, 0),
            row.first_start,
            row.last_end,
            row.imported_at,
        )
        for row in rows
    ]


def _busy_counts(import_ids: list[int]) -> dict[int, int]:
    if not import_ids:
        return {}
    rows = db.session.execute(
        select(BusyInterval.import_id, func.count(BusyInterval.id))
        .where(BusyInterval.import_id.in_(import_ids))
        .group_by(BusyInterval.import_id)
    )
    return {import_id: count for import_id, count in rows}


def delete_import(member_id: int, import_id: int) -> None:
    """Remove one of the member's imports and its busy time; others' ids are `NotFound`."""
    with unit_of_work():
        row = db.session.get(CalendarImport, import_id)
        if row is None or row.member_id != member_id:
            raise NotFound("import", "No such import.")
        db.session.execute(delete(BusyInterval).where(BusyInterval.import_id == row.id))
        db.session.delete(row)
        busy_time.renew(member_id)
