"""iCalendar export and import for Teamshape, kept free of Flask and the database.

`export` writes feeds and invites, `vtimezone` describes zones the way every client
reads them, and `importing` turns an uploaded .ics into busy time. The names below
are the package's public surface.
"""

from app.domain.calendar.export import (
    Attendee,
    FeedSpec,
    MeetingInvite,
    Person,
    SingleEvent,
    WeeklyEvent,
    build_feed,
    build_invite,
    build_invites,
    stable_uid,
)
from app.domain.calendar.importing import (
    CalendarImportError,
    CalendarTooLarge,
    EmptyCalendar,
    ImportedBusy,
    InvalidRecurrence,
    MalformedCalendar,
    NotACalendar,
    TooManyOccurrences,
    parse_busy,
)
from app.domain.calendar.vtimezone import vtimezone, vtimezone_ical

__all__ = [
    "Attendee",
    "CalendarImportError",
    "CalendarTooLarge",
    "EmptyCalendar",
    "ImportedBusy",
    "InvalidRecurrence",
    "MalformedCalendar",
    "NotACalendar",
    "TooManyOccurrences",
    "parse_busy",
    "vtimezone_ical",
    "FeedSpec",
    "MeetingInvite",
    "Person",
    "SingleEvent",
    "WeeklyEvent",
    "build_feed",
    "build_invite",
    "build_invites",
    "stable_uid",
    "vtimezone",
]
