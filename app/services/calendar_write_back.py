"""Writing Teamshape meetings back into attendees' own CalDAV calendars (opt-in).

A member who ticks "put my Teamshape meetings in this calendar" on a CalDAV account
gets each meeting they attend created there when it is booked, updated when it is
rescheduled and removed when it is cancelled, with the meeting's own UID and SEQUENCE
(the invite file's, `meeting_invites`), so a client that also imported the invite sees
one event, not two.

`app.tasks.meetings_changed` is the single call the meetings service makes after its
transaction commits: it asks `targets` here which calendars to write, only queues work
(`app.tasks.write_back`, retried by the queue), and never raises, so a CalDAV server
that is down can never stop a booking. `write` does
one write; a failure is recorded on the connection in plain words (shown on the
Calendar page) and raised again so the queue retries; a later success clears it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from app.domain.calendar import build_invites
from app.domain.calendar.live import KIND_CALDAV, for_own_calendar
from app.domain.errors import DomainError
from app.extensions import db
from app.models import CalendarConnection, Meeting, MeetingAttendee
from app.models.meeting import MEETING_CANCELLED
from app.services import caldav_access, calendar_secrets
from app.services.meeting_invites import meeting_invite
from app.services.safe_fetch import FetchPolicy
from app.services.transaction import unit_of_work

log = logging.getLogger(__name__)


class WriteBackFailed(DomainError):
    """A write-back did not reach the calendar; the queue will retry it."""


def targets(meeting_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(connection id, meeting id) for every attendee who asked for write-back."""
    ids = list(meeting_ids)
    if not ids:
        return []
    rows = db.session.execute(
        select(CalendarConnection.id, MeetingAttendee.meeting_id)
        .join(MeetingAttendee, MeetingAttendee.member_id == CalendarConnection.member_id)
        .where(
            MeetingAttendee.meeting_id.in_(ids),
            CalendarConnection.kind == KIND_CALDAV,
            CalendarConnection.write_back.is_(True),
            CalendarConnection.write_calendar_url.is_not(None),
        )
        .order_by(MeetingAttendee.meeting_id, CalendarConnection.id)
    )
    return [(connection_id, meeting_id) for connection_id, meeting_id in rows]


def write(connection_id: int, meeting_id: int, now: datetime, policy: FetchPolicy) -> None:
    """Put (or remove, when cancelled) one meeting in one member's chosen calendar."""
    row = db.session.get(CalendarConnection, connection_id)
    meeting = db.session.get(Meeting, meeting_id)
    if row is None or meeting is None or not row.write_back or not row.write_calendar_url:
        return
    title = meeting.title
    try:
        _send(row, meeting, policy)
    except DomainError as error:
        _record(
            connection_id, f"“{title}” could not be written to your calendar: {error.reason}", now
        )
        raise WriteBackFailed("", error.reason) from None
    _record(connection_id, None, now)


def _send(row: CalendarConnection, meeting: Meeting, policy: FetchPolicy) -> None:
    secret = calendar_secrets.unseal(row.secret)
    login = caldav_access.CaldavLogin(secret["url"], secret["username"], secret["password"])
    calendar_url, uid = row.write_calendar_url, meeting.uid
    if meeting.status == MEETING_CANCELLED:
        db.session.rollback()
        caldav_access.delete_event(login, calendar_url, uid, policy)
        return
    ics = for_own_calendar(build_invites([meeting_invite(meeting)], meeting.updated_at))
    db.session.rollback()  # no transaction open during network time
    caldav_access.put_event(login, calendar_url, uid, ics, policy)


def _record(connection_id: int, error: str | None, now: datetime) -> None:
    with unit_of_work():
        row = db.session.get(CalendarConnection, connection_id)
        if row is None:
            return
        if error is not None or row.write_error is not None:
            row.write_error = error
            row.write_error_at = now
