"""A booked meeting as the domain's invitation: the one mapping from rows to iCalendar.

The invite file, the intro batch and calendar write-back all describe a meeting with
the same UID, SEQUENCE and people; they build it here. It reads only the meeting row
and its loaded attendees, so services on either side of booking can use it without
importing each other.
"""

from __future__ import annotations

from app.domain.calendar import Attendee, MeetingInvite, Person
from app.models import Meeting
from app.models.meeting import MEETING_CANCELLED

# Who organised a meeting whose organiser deleted their account (RFC 5546 wants one).
FORMER_ORGANISER = Person("A former member", "former-member@teamshape.invalid")


def meeting_invite(meeting: Meeting, url: str = "") -> MeetingInvite:
    """The domain's invitation for a meeting (attendees loaded, organiser first); `url`
    is the meeting's page, when the caller knows the app's address."""
    organiser = meeting.organiser  # None once they deleted their account
    attendees = tuple(
        Attendee(a.member.display_name, a.member.email, a.required)
        for a in sorted(meeting.attendees, key=lambda a: (a.member.display_name, a.member_id))
        if a.member_id != meeting.organiser_id
    )
    return MeetingInvite(
        uid=meeting.uid,
        sequence=meeting.sequence,
        title=meeting.title,
        description=meeting.agenda,
        start_utc=meeting.start,
        end_utc=meeting.end,
        organiser=Person(organiser.display_name, organiser.email)
        if organiser
        else FORMER_ORGANISER,
        attendees=attendees,
        cancelled=meeting.status == MEETING_CANCELLED,
        location=meeting.location,
        url=url,
    )
