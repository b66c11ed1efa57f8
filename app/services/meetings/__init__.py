"""Meetings: book, reschedule, cancel, list, and who may see or change one.

`booking` holds the use cases that write (and explains how a booking re-checks the
slot under lock), `locks` the locking and re-check, `details` what a booking is and
its shape checks, `reads` the queries. Callers use the names re-exported here.
"""

from app.services.meetings.booking import book, book_many, cancel, reschedule, write_meetings
from app.services.meetings.details import BookingRequest, MeetingDetails, SlotTaken
from app.services.meetings.locks import ensure_lock_rows
from app.services.meetings.reads import (
    can_view,
    get_meeting,
    invitees_of,
    meetings_between,
    upcoming,
)

__all__ = [
    "BookingRequest",
    "MeetingDetails",
    "SlotTaken",
    "book",
    "book_many",
    "can_view",
    "cancel",
    "ensure_lock_rows",
    "get_meeting",
    "invitees_of",
    "meetings_between",
    "reschedule",
    "upcoming",
    "write_meetings",
]
