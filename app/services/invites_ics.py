"""A booked meeting as an iCalendar invitation (.ics) for its organiser and attendees.

The invitation's UID is the meeting's own `uid` (kept across reschedules) and its
SEQUENCE the meeting's `sequence` (raised by every reschedule and by cancelling), so a
calendar client that imported an earlier copy updates it instead of adding another; a
cancelled meeting downloads as METHOD:CANCEL with STATUS:CANCELLED. DTSTAMP is the
meeting's last change, so the same version always gives the same bytes.

Only what the meeting itself says is written: title, agenda, location, times, people's names
and addresses. Nothing from anyone's manual or pattern (so no routine) can reach it.
Anyone who is neither organiser nor attendee gets `NotFound`, as for the meeting page.
"""

from __future__ import annotations

from app.domain.calendar import build_invite
from app.services import meetings
from app.services.feeds import CalendarFile
from app.services.meeting_invites import meeting_invite


def invite_file(viewer_id: int, meeting_id: int, meeting_url: str = "") -> CalendarFile:
    """The invitation a viewer may download (organiser or attendee), else `NotFound`;
    `meeting_url` (the meeting's page) becomes its URL."""
    meeting = meetings.get_meeting(viewer_id, meeting_id)
    stamp = meeting.updated_at
    body = build_invite(meeting_invite(meeting, meeting_url), stamp)
    return CalendarFile(body, stamp, f"meeting-{meeting.id}.ics")
