"""Helpers for calendar tests: a week with private and public routines, calendar files to
import (good and bad), and structure checks on any exported .ics.

The clock in these tests is the suite's `now`: Monday 2026-11-30 09:00 UTC (10:00 in
Berlin), a week with no DST change.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar

from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.services import meetings, pattern_editing
from app.services.meetings import MeetingDetails

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PRIVATE_ROUTINE = "Therapy"
PUBLIC_ROUTINE = "School run"
SECRET_TITLE = "Dentist with Dr Secret"


def office_week(zone: str = "Europe/Berlin", *extra: WeeklyBlock) -> WeeklyPattern:
    """09:00-17:00 every day of the week (so the scheduler can always find time)."""
    days = tuple(WeeklyBlock(BlockKind.WORKING, d, time(9), time(17)) for d in range(7))
    return WeeklyPattern(zone, days + extra)


def routines_week(zone: str = "Europe/Berlin") -> WeeklyPattern:
    """Office hours with protected focus Monday 09-11, a private hard routine "Therapy"
    on Tuesday 10-11 and a public hard routine "School run" Wednesday 15-16."""
    return office_week(
        zone,
        WeeklyBlock(BlockKind.FOCUS, 0, time(9), time(11), hard=True),
        WeeklyBlock(
            BlockKind.ROUTINE,
            1,
            time(10),
            time(11),
            hard=True,
            label=PRIVATE_ROUTINE,
            private=True,
        ),
        WeeklyBlock(BlockKind.ROUTINE, 2, time(15), time(16), hard=True, label=PUBLIC_ROUTINE),
    )


def give_week(member_id: int, pattern: WeeklyPattern, now: datetime = NOW) -> None:
    pattern_editing.save_pattern(member_id, pattern, now)


def book(organiser_id: int, *others: int, start: datetime, now: datetime = NOW, title="Plan"):
    return meetings.book(
        organiser_id,
        MeetingDetails(title, MeetingType.DECISION, "1. Decide\n2. Celebrate"),
        start=start,
        duration=timedelta(minutes=30),
        required_ids=others,
        now=now,
    )


# --- calendars to import ----------------------------------------------------------------


def ics(*events: str, extra: str = "") -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Export//EN", extra, *events]
    )
    return (body + "\r\nEND:VCALENDAR\r\n").replace("\r\n\r\n", "\r\n").encode()


def vevent(uid: str, *lines: str, summary: str = SECRET_TITLE) -> str:
    return "\r\n".join(
        ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"SUMMARY:{summary}", *lines]
        + ["END:VEVENT"]
    )


def everything_calendar() -> bytes:
    """Every kind the import must read, all in the 8 weeks after `NOW`:

    - a weekly Tuesday 14:00-15:00 Berlin series (4 times from 1 Dec) with the 8 Dec
      occurrence deleted (EXDATE) and the 15 Dec one moved to 16:00 (RECURRENCE-ID);
    - an all-day event on Thu 3 Dec marked busy (TRANSP:OPAQUE);
    - 09:00-10:00 New York on Fri 4 Dec;
    - a floating 08:00-09:00 on Mon 7 Dec (read in the member's zone, Berlin);
    - a transparent event and a default (free) all-day event, neither busy.
    """
    return ics(
        vevent(
            "series",
            "DTSTART;TZID=Europe/Berlin:20261201T140000",
            "DTEND;TZID=Europe/Berlin:20261201T150000",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "EXDATE;TZID=Europe/Berlin:20261208T140000",
        ),
        vevent(
            "series",
            "RECURRENCE-ID;TZID=Europe/Berlin:20261215T140000",
            "DTSTART;TZID=Europe/Berlin:20261215T160000",
            "DTEND;TZID=Europe/Berlin:20261215T170000",
        ),
        vevent(
            "allday", "DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261204", "TRANSP:OPAQUE"
        ),
        vevent(
            "newyork",
            "DTSTART;TZID=America/New_York:20261204T090000",
            "DTEND;TZID=America/New_York:20261204T100000",
        ),
        vevent("floating", "DTSTART:20261207T080000", "DTEND:20261207T090000"),
        vevent("free", "DTSTART:20261208T080000Z", "DTEND:20261208T090000Z", "TRANSP:TRANSPARENT"),
        vevent("holiday", "DTSTART;VALUE=DATE:20261209", "DTEND;VALUE=DATE:20261210"),
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


EVERYTHING_BUSY = [
    (utc(2026, 12, 1, 13), utc(2026, 12, 1, 14)),
    (utc(2026, 12, 2, 23), utc(2026, 12, 3, 23)),
    (utc(2026, 12, 4, 14), utc(2026, 12, 4, 15)),
    (utc(2026, 12, 7, 7), utc(2026, 12, 7, 8)),
    (utc(2026, 12, 15, 15), utc(2026, 12, 15, 16)),
    (utc(2026, 12, 22, 13), utc(2026, 12, 22, 14)),
]


def one_event_calendar(day: int = 10) -> bytes:
    """A single busy hour, 10:00-11:00 UTC on the given day of December 2026."""
    start = f"202612{day:02d}T100000Z"
    end = f"202612{day:02d}T110000Z"
    return ics(vevent(f"one-{day}", f"DTSTART:{start}", f"DTEND:{end}"))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def five_megabytes() -> bytes:
    """A real calendar padded with a long description to 5 MB."""
    padding = "\r\n ".join(["DESCRIPTION:" + "x" * 60] + ["y" * 74] * 68_000)
    return ics(vevent("big", "DTSTART:20261210T100000Z", "DTEND:20261210T110000Z", padding))


BAD_FILES = {
    "garbage": (b"this is not a calendar at all \x00\x01", "not an iCalendar"),
    "png renamed": (PNG, "not an iCalendar"),
    "empty calendar": (ics(), "no events"),
    "5 MB": (five_megabytes(), "larger than the 2 MB limit"),
    "invalid rrule": (
        ics(
            vevent(
                "bad", "DTSTART:20261210T100000Z", "DTEND:20261210T110000Z", "RRULE:FREQ=SOMETIMES"
            )
        ),
        "repeats in a way we cannot read",
    ),
}


# --- structure of exported files --------------------------------------------------------


def check_structure(body: bytes) -> Calendar:
    """RFC 5545 shape: CRLF lines of at most 75 octets, a VTIMEZONE for every TZID."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    calendar = Calendar.from_ical(body)
    tzids = set(re.findall(rb";TZID=([^:;]+)", body))
    defined = {str(tz["TZID"]).encode() for tz in calendar.walk("VTIMEZONE")}
    assert tzids <= defined, tzids - defined
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)), uids
    return calendar


def events_by_uid(body: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
