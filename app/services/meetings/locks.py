"""Booking locks and the re-check made while holding them (see `booking` for the protocol).

Every required attendee has a `BookingLock` row; `lock` holds them in member-id order
until the transaction ends, and `recheck` asks the engine about exactly the chosen slot
on fresh rows, raising `SlotTaken` (naming who is now unavailable) if it no longer fits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.domain.intervals import Interval
from app.domain.scheduling import Attendee, MeetingType, SchedulingRequest, suggest_slots
from app.extensions import db
from app.models import BookingLock
from app.services import scheduling
from app.services.meetings.details import SlotTaken
from app.services.transaction import unit_of_work

RECHECK_GRID = timedelta(minutes=5)


def ensure_lock_rows(member_ids: tuple[int, ...]) -> None:
    """Create missing `BookingLock` rows in their own short transaction (an upsert)."""
    if not member_ids:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(BookingLock)
        .values([{"member_id": i, "version": 0} for i in sorted(set(member_ids))])
        .on_conflict_do_nothing(index_elements=["member_id"])
    )
    with unit_of_work():
        db.session.execute(statement)


def lock(member_ids: tuple[int, ...]) -> None:
    """Hold every listed member's booking lock until the transaction ends (see above)."""
    ids = sorted(set(member_ids))
    locked = (
        select(BookingLock.member_id)
        .where(BookingLock.member_id.in_(ids))
        .order_by(BookingLock.member_id)
        .with_for_update()
    )
    if len(db.session.execute(locked).all()) != len(ids):
        raise RuntimeError("Booking lock rows are missing: call ensure_lock_rows first.")
    db.session.execute(
        update(BookingLock)
        .where(BookingLock.member_id.in_(ids))
        .values(version=BookingLock.version + 1)
    )


def recheck(
    organiser_id: int,
    invitees: scheduling.Invitees,
    start: datetime,
    duration: timedelta,
    meeting_type: MeetingType,
    now: datetime,
    exclude_meeting_id: int | None = None,
) -> None:
    """Raise `SlotTaken` unless the slot fits every required attendee on fresh rows."""
    request = scheduling.build_request(
        organiser_id=organiser_id,
        invitees=scheduling.Invitees(invitees.required, ()),
        duration=duration,
        window=Interval(start, start + duration),
        meeting_type=meeting_type,
        minimum_notice=timedelta(0),
        now=now,
        exclude_meeting_id=exclude_meeting_id,
        grid=RECHECK_GRID,
        max_results=1,
    )
    if any(s.start == start for s in suggest_slots(request).suggestions):
        return
    who = _who_cannot(request, start)
    if who is None:
        raise SlotTaken("That time no longer suits everyone. Here are fresh suggestions.")
    if who.id == request.organiser_id:
        raise SlotTaken(
            "Your own day filled up at that time. Here are fresh suggestions.", who.display_name
        )
    raise SlotTaken(
        f"{who.display_name}’s day filled up while you were choosing. Here are fresh suggestions.",
        who.display_name,
    )


def _who_cannot(request: SchedulingRequest, start: datetime) -> Attendee | None:
    """The first required attendee (organiser last) for whom the slot no longer fits."""
    order = sorted(request.attendees, key=lambda a: a.id == request.organiser_id)
    for attendee in order:
        alone = replace(request, attendees=(attendee,), organiser_id=attendee.id)
        if not any(s.start == start for s in suggest_slots(alone).suggestions):
            return attendee
    return None
