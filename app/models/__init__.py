"""SQLAlchemy models, one module per aggregate; no business rules live here.

Importing this package registers every model on the metadata (Alembic needs that).
"""

from app.models.account_event import AccountEvent
from app.models.api_token import ApiToken
from app.models.calendar_connection import BusyStamp, CalendarConnection, ConnectionCalendar
from app.models.data_version import DataVersion
from app.models.feed import FeedToken
from app.models.manual import Manual, ManualRevision, ManualSection, SearchDocument
from app.models.meeting import (
    BookingLock,
    BusyInterval,
    CalendarImport,
    Meeting,
    MeetingAttendee,
)
from app.models.member import Member
from app.models.onboarding import CardRead, Invite, OnboardingState
from app.models.password_reset import PasswordReset
from app.models.pattern import OneOffHoursEntry, PatternBlock, TimeOffEntry
from app.models.team import Membership, Team

__all__ = [
    "AccountEvent",
    "ApiToken",
    "BookingLock",
    "BusyStamp",
    "BusyInterval",
    "CalendarConnection",
    "CalendarImport",
    "CardRead",
    "ConnectionCalendar",
    "DataVersion",
    "FeedToken",
    "Invite",
    "Manual",
    "ManualRevision",
    "ManualSection",
    "Meeting",
    "MeetingAttendee",
    "Member",
    "Membership",
    "OnboardingState",
    "OneOffHoursEntry",
    "PasswordReset",
    "PatternBlock",
    "SearchDocument",
    "Team",
    "TimeOffEntry",
]
