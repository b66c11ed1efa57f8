"""Meetings: book, reschedule, cancel, list, and who may see or change one.

Booking re-checks every required attendee's hard constraints for exactly the chosen
slot INSIDE the transaction that stores the meeting, after locking those attendees:

1. Each required attendee has a `BookingLock` row; missing rows are created first by an
   upsert (INSERT … ON CONFLICT DO NOTHING) in their own short transaction.
2. The booking transaction locks them: `SELECT … FOR UPDATE` ordered by member id
   (PostgreSQL row locks, always taken in the same order, so two bookings never
   deadlock), then `UPDATE booking_lock SET version = version + 1` for the same rows.
   On SQLite that UPDATE is the transaction's first write, so it takes the database's
   write lock (waiting up to the busy timeout); reads before it run outside any
   transaction, so no read lock is held that could deadlock with another writer.
3. With the lock held, the scheduling request is rebuilt from fresh rows and the engine
   is asked about exactly that slot; only if it still fits is the meeting inserted.

So two organisers booking the same person at once queue: the second sees the first's
meeting and is refused with `SlotTaken` (who is now unavailable) instead of pushing
them past their meetings-per-day limit or double-booking them.

`book_many` is the primitive: a batch (a new hire's intro 1:1s) takes every lock once,
and each meeting's re-check sees the ones the batch already added; one that no longer
fits refuses the whole batch. `book` is a batch of one; `write_meetings` is the same
work inside a caller's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import uuid4

from app import tasks
from app.domain.errors import DomainError, NotAllowed
from app.domain.scheduling import MeetingType
from app.extensions import db
from app.models import Meeting, MeetingAttendee
from app.models.meeting import MEETING_BOOKED, MEETING_CANCELLED
from app.services import scheduling
from app.services.meetings.details import (
    BookingRequest,
    MeetingDetails,
    SlotTaken,
    check_slot,
    clean,
)
from app.services.meetings.locks import ensure_lock_rows, lock, recheck
from app.services.meetings.reads import get_meeting, invitees_of
from app.services.transaction import unit_of_work


def book(
    organiser_id: int,
    details: MeetingDetails,
    *,
    start: datetime,
    duration: timedelta,
    required_ids: tuple[int, ...],
    optional_ids: tuple[int, ...] = (),
    now: datetime,
) -> Meeting:
    """Store a meeting if the slot still fits every required attendee; else `SlotTaken`."""
    details = clean(details)
    check_slot(start, duration, now)
    invitees = scheduling.resolve_invitees(
        scheduling.FindQuery(organiser_id, tuple(required_ids), tuple(optional_ids))
    )
    request = BookingRequest(organiser_id, details, start, duration, invitees)
    return book_many([request], now)[0]


def book_many(requests: Sequence[BookingRequest], now: datetime) -> list[Meeting]:
    """Store every meeting, in the order given, or none: `SlotTaken` names the first
    request that no longer fits (see `write_meetings`)."""
    for request in requests:
        check_slot(request.start, request.duration, now)
    ensure_lock_rows(_required_of(requests))
    with unit_of_work():
        booked = write_meetings(requests, now)
    tasks.meetings_changed(m.id for m in booked)
    return booked


def write_meetings(requests: Sequence[BookingRequest], now: datetime) -> list[Meeting]:
    """`book_many`'s work without the commit, for a use case that owns the transaction.

    Call `ensure_lock_rows` for every required attendee first (before the transaction).
    Every required attendee's lock is taken once, in member-id order; then each request
    is re-checked on fresh rows, which include the meetings this batch already added,
    and inserted.
    """
    for request in requests:
        check_slot(request.start, request.duration, now)
    lock(_required_of(requests))
    return [_insert(request, now) for request in requests]


def _required_of(requests: Sequence[BookingRequest]) -> tuple[int, ...]:
    return tuple(sorted({i for request in requests for i in request.invitees.required}))


def _insert(request: BookingRequest, now: datetime) -> Meeting:
    details = request.details
    try:
        recheck(
            request.organiser_id,
            request.invitees,
            request.start,
            request.duration,
            details.meeting_type,
            now,
        )
    except SlotTaken as taken:
        raise SlotTaken(taken.reason, taken.name, request) from taken
    meeting = Meeting(
        uid=f"{request.uid_prefix}{uuid4()}@teamshape",
        title=details.title,
        meeting_type=details.meeting_type.value,
        agenda=details.agenda,
        location=details.location,
        organiser_id=request.organiser_id,
        start=request.start,
        end=request.start + request.duration,
        status=MEETING_BOOKED,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    meeting.attendees = [
        MeetingAttendee(member_id=member_id, required=member_id in request.invitees.required)
        for member_id in request.invitees.all
    ]
    db.session.add(meeting)
    db.session.flush()  # the next request's re-check sees this meeting
    return meeting


def reschedule(actor_id: int, meeting_id: int, *, start: datetime, now: datetime) -> Meeting:
    """Move a meeting (organiser only): same people and length, SEQUENCE + 1, same uid."""
    meeting = _own_meeting(actor_id, meeting_id)
    duration = meeting.end - meeting.start
    check_slot(start, duration, now)
    invitees = invitees_of(meeting)
    ensure_lock_rows(invitees.required)
    with unit_of_work():
        lock(invitees.required)
        meeting = _own_meeting(actor_id, meeting_id)
        meeting_type = MeetingType(meeting.meeting_type)
        recheck(actor_id, invitees, start, duration, meeting_type, now, meeting.id)
        meeting.start, meeting.end = start, start + duration
        meeting.sequence += 1
        meeting.updated_at = now
    tasks.meetings_changed([meeting.id])
    return meeting


def cancel(actor_id: int, meeting_id: int, *, now: datetime) -> Meeting:
    """Cancel a meeting (organiser only): status cancelled, SEQUENCE + 1."""
    with unit_of_work():
        meeting = _own_meeting(actor_id, meeting_id)
        meeting.status = MEETING_CANCELLED
        meeting.sequence += 1
        meeting.updated_at = now
    tasks.meetings_changed([meeting.id])
    return meeting


def _own_meeting(actor_id: int, meeting_id: int) -> Meeting:
    meeting = get_meeting(actor_id, meeting_id)
    if meeting.organiser_id != actor_id:
        raise NotAllowed("", "Only the organiser can change this meeting.")
    if meeting.status != MEETING_BOOKED:
        raise DomainError("", "This meeting was cancelled.")
    return meeting
