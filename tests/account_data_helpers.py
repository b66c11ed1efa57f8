"""A member who has used every part of Teamshape, with a distinctive marker in every field.

`rich_member` builds them through the services (invite accepted, manual with every
section in every visibility, pattern with a private routine, time off, one-off hours, an
imported calendar, feeds, an API token, meetings organised and attended, a card read, a
password reset) so export and deletion tests see what a real account holds. Every text
the member typed carries MARKER, so a scan for it finds any trace of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from app.domain.manual import SECTION_KEYS, Preferences
from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import Membership, PasswordReset
from app.services import (
    api_tokens,
    calendar_import,
    feeds,
    invites,
    meetings,
    pattern_editing,
)
from app.services.manuals import save_manual
from app.services.meetings import MeetingDetails
from app.services.onboarding.cards import mark_card_read
from app.services.patterns import load_pattern, row_from_block
from tests.conftest import PASSWORD

MARKER = "zqxj"
BERLIN = "Europe/Berlin"
TUESDAY_10 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
TUESDAY_14 = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
VISIBILITIES = ("workspace", "teams", "private")
ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:zqxj-event@test\r
DTSTAMP:20261130T080000Z\r
DTSTART:20261202T100000Z\r
DTEND:20261202T110000Z\r
SUMMARY:zqxj secret dentist\r
END:VEVENT\r
END:VCALENDAR\r
"""


@dataclass
class RichMember:
    id: int
    email: str
    name: str
    api_token: str
    feed_token: str
    organised_meeting_id: int
    attended_meeting_id: int


def give_hours(member_id: int) -> None:
    for day in range(5):
        db.session.add(
            row_from_block(member_id, WeeklyBlock(BlockKind.WORKING, day, clock(9), clock(17)))
        )
    db.session.commit()


def sections_with(marker: str) -> dict[str, tuple[str, str]]:
    """Every section written, visibilities cycling, each body naming its key."""
    return {
        key: (f"{marker}-{key} body text", VISIBILITIES[n % 3])
        for n, key in enumerate(SECTION_KEYS)
    }


def rich_member(admin, other, team, now: datetime) -> RichMember:
    """Build the member (see the module docstring); `other` organises one meeting they attend."""
    issued = invites.create_invite(
        admin.id,
        email=f"{MARKER}-mail@example.test",
        display_name=f"{MARKER.title()}name Person",
        team_ids=[team.id],
        start_date=date(2026, 11, 2),
        now=now,
        valid_days=14,
    )
    member = invites.accept_invite(
        issued.token,
        display_name=f"{MARKER.title()}name Person",
        password=PASSWORD,
        time_zone=BERLIN,
        now=now,
        min_length=10,
    )
    mid = member.id
    member.pronouns = f"{MARKER}pron"
    member.headline = f"{MARKER}headline"
    db.session.execute(
        Membership.__table__.update()
        .where(Membership.member_id == mid)
        .values(role_in_team=f"{MARKER}role")
    )
    db.session.commit()
    give_hours(mid)
    prefs = Preferences(channels=("chat",), response_time="same_day")
    save_manual(mid, sections=sections_with(MARKER), preferences=prefs, now=now)
    pattern = load_pattern(mid)
    routine = WeeklyBlock(
        BlockKind.ROUTINE, 2, clock(12), clock(13), label=f"{MARKER}routine", private=True
    )
    pattern_editing.save_pattern(mid, replace(pattern, blocks=(*pattern.blocks, routine)), now)
    pattern_editing.add_time_off(mid, date(2026, 12, 24), date(2026, 12, 31), now)
    pattern_editing.add_one_off_hours(mid, date(2026, 12, 4), ((clock(10), clock(12)),), now)
    calendar_import.import_calendar(
        mid, ICS, source=f"{MARKER}calendar", now=now, weeks=8, max_bytes=100_000
    )
    feed_token = feeds.turn_on_personal(mid, now)
    feeds.turn_on_team(mid, team.id, BERLIN, now)
    _, api_token = api_tokens.create_token(
        mid, name=f"{MARKER}token", scope="read+write", days=30, now=now
    )
    organised = meetings.book(
        mid,
        MeetingDetails(
            f"{MARKER} meeting",
            MeetingType.STATUS,
            f"{MARKER} agenda",
            f"https://video.example/{MARKER}-room",
        ),
        start=TUESDAY_10,
        duration=timedelta(minutes=30),
        required_ids=(other.id,),
        now=now,
    )
    attended = meetings.book(
        other.id,
        MeetingDetails("Weekly sync", MeetingType.STATUS, "Numbers"),
        start=TUESDAY_14,
        duration=timedelta(minutes=30),
        required_ids=(mid,),
        now=now,
    )
    mark_card_read(mid, other.id, now)
    db.session.add(
        PasswordReset(
            member_id=mid,
            token_hash="f" * 64,
            created_by_id=admin.id,
            expires_at=now + timedelta(days=1),
        )
    )
    db.session.commit()
    return RichMember(
        mid,
        member.email,
        member.display_name,
        api_token,
        feed_token,
        organised.id,
        attended.id,
    )
