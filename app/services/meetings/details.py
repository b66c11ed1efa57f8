"""What a booking is and the shape checks every booking passes before any lock is taken.

`MeetingDetails` is what the organiser types; a `BookingRequest` is one meeting to
store; `SlotTaken` says the chosen slot no longer fits a required attendee.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain.errors import DomainError
from app.domain.meeting_details import check_location
from app.domain.scheduling import MeetingType
from app.services import scheduling

MAX_TITLE = 140
MAX_AGENDA = 5000


@dataclass(frozen=True)
class MeetingDetails:
    """What the organiser types when booking."""

    title: str
    meeting_type: MeetingType
    agenda: str = ""
    location: str = ""


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


def clean(details: MeetingDetails) -> MeetingDetails:
    title, agenda = details.title.strip(), details.agenda.strip()
    if not title:
        raise DomainError("title", "Give the meeting a title.")
    if len(title) > MAX_TITLE:
        raise DomainError("title", f"Keep the title under {MAX_TITLE} characters.")
    if len(agenda) > MAX_AGENDA:
        raise DomainError("agenda", f"Keep the agenda under {MAX_AGENDA} characters.")
    location = check_location(details.location)
    return replace(details, title=title, agenda=agenda, location=location)


def check_slot(start: datetime, duration: timedelta, now: datetime) -> None:
    if start.tzinfo is None:
        raise DomainError("start", "The start time must carry its time zone.")
    minutes = duration.total_seconds() / 60
    if not 15 <= minutes <= 240 or minutes % 5:
        raise DomainError("duration", "A meeting lasts 15 to 240 minutes, in 5-minute steps.")
    if start.second or start.microsecond or start.minute % 5:
        raise DomainError("start", "Meetings start on a 5-minute mark.")
    if start <= now:
        raise DomainError("start", "That time has already passed; pick another.")
