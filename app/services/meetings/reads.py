"""Reading meetings: one a viewer may see, a member's upcoming page, and a span's bookings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.errors import NotFound
from app.domain.intervals import Interval
from app.extensions import db
from app.models import Meeting, MeetingAttendee
from app.models.meeting import MEETING_BOOKED
from app.services import scheduling


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
