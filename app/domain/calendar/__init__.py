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
from app.domain.calendar.vtimezone import vtimezone

__all__ = [
    "Attendee",
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
