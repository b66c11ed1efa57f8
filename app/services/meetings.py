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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.intervals import Interval
from app.domain.scheduling import Attendee, MeetingType, SchedulingRequest, suggest_slots
from app.extensions import db
from app.models import BookingLock, Meeting, MeetingAttendee
from app.models.meeting import MEETING_BOOKED, MEETING_CANCELLED
from app.services import calendar_write_back, scheduling
from app.services.transaction import unit_of_work

RECHECK_GRID = timedelta(minutes=5)
MAX_TITLE = 140
MAX_AGENDA = 5000


@dataclass(frozen=True)
class MeetingDetails:
    """What the organiser types when booking."""

    title: str
    meeting_type: MeetingType
    agenda: str = ""


@dataclass(frozen=True)
class BookingRequest:
    """One meeting to store: what, when, and who (the organiser first among the required)."""

    organiser_id: int
    details: MeetingDetails
    start: datetime
    duration: timedelta
    invitees: scheduling.Invitees
    uid_prefix: str = ""


class SlotTaken(DomainError):
    """The slot no longer fits a required attendee (someone booked them meanwhile).

    From a batch, `request` is the booking that no longer fits (nothing was stored).
    """

    def __init__(self, reason: str, name: str = "", request: BookingRequest | None = None) -> None:
        super().__init__("", reason)
        self.name = name
        self.request = request


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
    details = _clean(details)
    _check_slot(start, duration, now)
    invitees = scheduling.resolve_invitees(
        scheduling.FindQuery(organiser_id, tuple(required_ids), tuple(optional_ids))
    )
    request = BookingRequest(organiser_id, details, start, duration, invitees)
    return book_many([request], now)[0]


def book_many(requests: Sequence[BookingRequest], now: datetime) -> list[Meeting]:
    """Store every meeting, in the order given, or none: `SlotTaken` names the first
    request that no longer fits (see `write_meetings`)."""
    for request in requests:
        _check_slot(request.start, request.duration, now)
    ensure_lock_rows(_required_of(requests))
    with unit_of_work():
        booked = write_meetings(requests, now)
    calendar_write_back.meeting_changed(m.id for m in booked)
    return booked


def write_meetings(requests: Sequence[BookingRequest], now: datetime) -> list[Meeting]:
    """`book_many`'s work without the commit, for a use case that owns the transaction.

    Call `ensure_lock_rows` for every required attendee first (before the transaction).
    Every required attendee's lock is taken once, in member-id order; then each request
    is re-checked on fresh rows, which include the meetings this batch already added,
    and inserted.
    """
    for request in requests:
        _check_slot(request.start, request.duration, now)
    _lock(_required_of(requests))
    return [_insert(request, now) for request in requests]


def _required_of(requests: Sequence[BookingRequest]) -> tuple[int, ...]:
    return tuple(sorted({i for request in requests for i in request.invitees.required}))


def _insert(request: BookingRequest, now: datetime) -> Meeting:
    details = request.details
    try:
        _recheck(
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
    _check_slot(start, duration, now)
    invitees = invitees_of(meeting)
    ensure_lock_rows(invitees.required)
    with unit_of_work():
        _lock(invitees.required)
        meeting = _own_meeting(actor_id, meeting_id)
        meeting_type = MeetingType(meeting.meeting_type)
        _recheck(actor_id, invitees, start, duration, meeting_type, now, meeting.id)
        meeting.start, meeting.end = start, start + duration
        meeting.sequence += 1
        meeting.updated_at = now
    calendar_write_back.meeting_changed([meeting.id])
    return meeting


def cancel(actor_id: int, meeting_id: int, *, now: datetime) -> Meeting:
    """Cancel a meeting (organiser only): status cancelled, SEQUENCE + 1."""
    with unit_of_work():
        meeting = _own_meeting(actor_id, meeting_id)
        meeting.status = MEETING_CANCELLED
        meeting.sequence += 1
        meeting.updated_at = now
    calendar_write_back.meeting_changed([meeting.id])
    return meeting


def get_meeting(viewer_id: int, meeting_id: int) -> Meeting:
    """A meeting its organiser or an attendee may see; anyone else gets `NotFound`."""
    query = (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.attendees).selectinload(MeetingAttendee.member),
            selectinload(Meeting.organiser),
        )
    )
    meeting = db.session.scalar(query)
    if meeting is None or not can_view(viewer_id, meeting):
        raise NotFound("meeting", "No such meeting.")
    return meeting


def can_view(viewer_id: int, meeting: Meeting) -> bool:
    return meeting.organiser_id == viewer_id or any(
        a.member_id == viewer_id for a in meeting.attendees
    )


def invitees_of(meeting: Meeting) -> scheduling.Invitees:
    """The meeting's people as required/optional ids, the organiser first."""
    required = {a.member_id for a in meeting.attendees if a.required} | {meeting.organiser_id}
    optional = {a.member_id for a in meeting.attendees} - required
    order = scheduling.organiser_first
    return scheduling.Invitees(
        order(required, meeting.organiser_id), order(optional, meeting.organiser_id)
    )


def upcoming(member_id: int, now: datetime, page: int = 1, per_page: int = 20):
    """The member's booked meetings that have not ended, soonest first, paginated.

    Three queries whatever the page size: the page, and attendees with their names.
    """
    query = (
        select(Meeting)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.member_id == member_id,
            Meeting.status == MEETING_BOOKED,
            Meeting.end > now,
        )
        .options(selectinload(Meeting.attendees).selectinload(MeetingAttendee.member))
        .order_by(Meeting.start, Meeting.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


def meetings_between(member_ids: list[int], span: Interval) -> list[Meeting]:
    """Booked meetings of any of `member_ids` overlapping `span` (for feeds and invites)."""
    query = (
        select(Meeting)
        .where(
            Meeting.id.in_(
                select(MeetingAttendee.meeting_id).where(MeetingAttendee.member_id.in_(member_ids))
            ),
            Meeting.status == MEETING_BOOKED,
            Meeting.start < span.end,
            Meeting.end > span.start,
        )
        .options(selectinload(Meeting.attendees).selectinload(MeetingAttendee.member))
        .order_by(Meeting.start, Meeting.id)
    )
    return list(db.session.scalars(query))


def _own_meeting(actor_id: int, meeting_id: int) -> Meeting:
    meeting = get_meeting(actor_id, meeting_id)
    if meeting.organiser_id != actor_id:
        raise NotAllowed("", "Only the organiser can change this meeting.")
    if meeting.status != MEETING_BOOKED:
        raise DomainError("", "This meeting was cancelled.")
    return meeting


def _clean(details: MeetingDetails) -> MeetingDetails:
    title, agenda = details.title.strip(), details.agenda.strip()
    if not title:
        raise DomainError("title", "Give the meeting a title.")
    if len(title) > MAX_TITLE:
        raise DomainError("title", f"Keep the title under {MAX_TITLE} characters.")
    if len(agenda) > MAX_AGENDA:
        raise DomainError("agenda", f"Keep the agenda under {MAX_AGENDA} characters.")
    return replace(details, title=title, agenda=agenda)


def _check_slot(start: datetime, duration: timedelta, now: datetime) -> None:
    if start.tzinfo is None:
        raise DomainError("start", "The start time must carry its time zone.")
    minutes = duration.total_seconds() / 60
    if not 15 <= minutes <= 240 or minutes % 5:
        raise DomainError("duration", "A meeting lasts 15 to 240 minutes, in 5-minute steps.")
    if start.second or start.microsecond or start.minute % 5:
        raise DomainError("start", "Meetings start on a 5-minute mark.")
    if start <= now:
        raise DomainError("start", "That time has already passed; pick another.")


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


def _lock(member_ids: tuple[int, ...]) -> None:
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


def _recheck(
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
