"""What we export is read the same way by a real CalDAV server and two independent parsers.

Each kind of calendar is uploaded to Radicale one VEVENT per object (as CalDAV
requires, without METHOD) and read back with a time-range query that Radicale expands
itself (`server_expand=True`, no client-side post-filtering). The same bytes are
expanded with `recurring_ical_events` (icalendar, zoneinfo) and with vobject's rrule
sets (dateutil, reading our VTIMEZONEs, as Radicale does). Each kind runs twice: with
IANA TZIDs as exported, and with TZIDs renamed so that no reader can fall back on a
definition it cached earlier (see `rename_tzids`). All three must agree on
every occurrence's UID and UTC start, and weekly events must keep their local time
across the 2026 DST changes in Berlin (29 Mar, 25 Oct) and New York (8 Mar, 1 Nov).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar, Timezone

from app.domain.calendar import (
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

pytestmark = pytest.mark.realclient

STAMP = datetime(2025, 12, 20, 12, tzinfo=UTC)
WINDOW_START = datetime(2026, 1, 1, tzinfo=UTC)
WINDOW_END = datetime(2027, 1, 1, tzinfo=UTC)
PAD = timedelta(days=2)
DST_CHANGES = {
    "Europe/Berlin": [date(2026, 3, 29), date(2026, 10, 25)],
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
}

Occurrence = tuple[str, datetime]


def weekly(name: str, weekday: int, start: time, end: time, zone: str, **kw) -> WeeklyEvent:
    return WeeklyEvent(stable_uid("ada", name), name, weekday, start, end, zone, **kw)


PERSONAL_WEEKLY = (
    weekly("Deep work", 0, time(9), time(11, 30), "Europe/Berlin"),
    weekly("Open for meetings", 1, time(14), time(17), "Europe/Berlin", transparent=True),
    weekly("Unavailable", 3, time(7, 45), time(8, 30), "Europe/Berlin"),
    weekly("School run", 2, time(15), time(16), "America/New_York"),
    weekly("Late shift", 4, time(22), time(1), "America/New_York"),
    weekly("Sunday planning", 6, time(18), time(19), "America/New_York"),
)
TEAM_WEEKLY = tuple(
    weekly(f"Core hours {day}", day, time(13, 30), time(16), "Asia/Kolkata") for day in range(5)
)


def singles() -> tuple[SingleEvent, ...]:
    base = datetime(2026, 3, 27, 15, tzinfo=UTC)
    return tuple(
        SingleEvent(
            stable_uid("single", n),
            f"Meeting {n}",
            base + timedelta(days=n * 17, hours=n % 5),
            base + timedelta(days=n * 17, hours=n % 5, minutes=50),
            transparent=n % 4 == 0,
            status=("CONFIRMED", "TENTATIVE", None)[n % 3],
        )
        for n in range(15)
    )


def invite(n: int, cancelled: bool = False) -> MeetingInvite:
    start = datetime(2026, 3, 28 + n, 16, tzinfo=UTC)
    return MeetingInvite(
        uid=stable_uid("meeting", n),
        sequence=1 if cancelled else 0,
        title=f"Planning {n}",
        description="Agenda: Überblick, Risiken — 日本",
        start_utc=start,
        end_utc=start + timedelta(hours=1),
        organiser=Person("Ada Lovelace", "ada@example.com"),
        attendees=(
            Attendee("Grace", "grace@example.com"),
            Attendee("Zoë", "z@example.com", False),
        ),
        cancelled=cancelled,
        location="Room 1",
    )


def feed(name: str, zone: str, weekly_events=(), single_events=()) -> bytes:
    spec = FeedSpec(name, zone, 60, STAMP, date(2026, 1, 1), weekly_events, single_events)
    return build_feed(spec)


KINDS = {
    "personal-feed": (
        lambda: feed("Ada", "Europe/Berlin", PERSONAL_WEEKLY, singles()[:5]),
        PERSONAL_WEEKLY,
    ),
    "single-events": (lambda: feed("Meetings", "UTC", (), singles()), ()),
    "invite-request": (lambda: build_invite(invite(0), STAMP), ()),
    "invite-cancel": (lambda: build_invite(invite(1, cancelled=True), STAMP), ()),
    "invite-batch": (
        lambda: build_invites([invite(n, cancelled=n == 2) for n in range(4)], STAMP),
        (),
    ),
    "team-feed": (lambda: feed("Team", "Asia/Kolkata", TEAM_WEEKLY, singles()[5:]), TEAM_WEEKLY),
}


def split_for_caldav(data: bytes) -> list[str]:
    """One calendar object per VEVENT, with the VTIMEZONEs it uses and no METHOD."""
    source = Calendar.from_ical(data)
    zones = {str(tz["TZID"]): tz for tz in source.walk("VTIMEZONE")}
    objects = []
    for event in source.walk("VEVENT"):
        target = Calendar()
        for name in ("PRODID", "VERSION", "CALSCALE"):
            target.add(name, source[name])
        for tzid in sorted(set(re.findall(r"TZID=([^:;]+)", event.to_ical().decode()))):
            target.add_component(zones[tzid])
        target.add_component(event)
        objects.append(target.to_ical().decode())
    return objects


def in_window(found: list[Occurrence]) -> list[Occurrence]:
    return sorted(o for o in found if WINDOW_START <= o[1] < WINDOW_END)


def server_occurrences(calendar) -> list[Occurrence]:
    objects = calendar.search(
        start=WINDOW_START - PAD,
        end=WINDOW_END + PAD,
        event=True,
        server_expand=True,
        post_filter=False,
    )
    found = []
    for item in objects:
        for component in item.icalendar_instance.walk("VEVENT"):
            assert "RRULE" not in component, "Radicale returned an unexpanded series"
            found.append((str(component["UID"]), component.decoded("DTSTART").astimezone(UTC)))
    return in_window(found)


def recurring_ical_events_occurrences(data: bytes) -> list[Occurrence]:
    query = recurring_ical_events.of(Calendar.from_ical(data))
    found = query.between(WINDOW_START - PAD, WINDOW_END + PAD)
    return in_window([(str(o["UID"]), o.decoded("DTSTART").astimezone(UTC)) for o in found])


def vobject_occurrences(data: bytes) -> list[Occurrence]:
    found = []
    for vevent in vobject.readOne(data.decode()).vevent_list:
        rules = vevent.getrruleset(addRDate=True)
        if rules is None:
            starts = [vevent.dtstart.value]
        else:
            starts = rules.between(WINDOW_START - PAD, WINDOW_END + PAD, inc=True)
        found += [(vevent.uid.value, start.astimezone(UTC)) for start in starts]
    return in_window(found)


def expected_starts(event: WeeklyEvent) -> list[datetime]:
    """Every weekly start in the window, computed with zoneinfo."""
    zone = ZoneInfo(event.zone)
    days = [date(2025, 12, 29) + timedelta(days=n) for n in range(372)]
    starts = [
        datetime.combine(day, event.start, zone).astimezone(UTC)
        for day in days
        if day.weekday() == event.weekday and day >= date(2026, 1, 1)
    ]
    return [s for s in starts if WINDOW_START <= s < WINDOW_END]


_renames = itertools.count()


def rename_tzids(data: bytes) -> bytes:
    """Give every zone a name never seen before in this process or by the server.

    vobject (so Radicale) and icalendar both keep the first VTIMEZONE they see for a
    TZID for the rest of the process. Under a fresh name each reader must use the
    VTIMEZONE in this very file, so the check covers our zone definitions.
    """
    prefix = f"Teamshape-{next(_renames)}-".encode()
    data = re.sub(rb"TZID=([^:;\r]+)", lambda m: b"TZID=" + prefix + m[1], data)
    return re.sub(rb"\r\nTZID:([^\r]+)", lambda m: b"\r\nTZID:" + prefix + m[1], data)


@pytest.fixture(params=[(k, t) for k in sorted(KINDS) for t in ("iana", "renamed")], ids=str)
def uploaded(request, fresh_calendar):
    """(exported bytes, weekly events, Radicale's expanded occurrences) for one kind.

    "iana" keeps zone names as exported; "renamed" forces every reader to use our
    VTIMEZONEs rather than one it cached earlier.
    """
    kind, tzids = request.param
    build, weekly_events = KINDS[kind]
    data = build() if tzids == "iana" else rename_tzids(build())
    for text in split_for_caldav(data):
        fresh_calendar.add_event(text, increase_seqno=False)
    return data, weekly_events, server_occurrences(fresh_calendar)


def test_radicale_recurring_ical_events_and_vobject_agree(uploaded) -> None:
    data, _, server = uploaded
    assert server, "the server found nothing in the window"
    assert server == recurring_ical_events_occurrences(data)
    assert server == vobject_occurrences(data)


def test_weekly_events_keep_local_time_across_dst_changes(uploaded) -> None:
    _, weekly_events, server = uploaded
    for event in weekly_events:
        zone = ZoneInfo(event.zone)
        starts = sorted(start.astimezone(zone) for uid, start in server if uid == event.uid)
        assert [s.astimezone(UTC) for s in starts] == expected_starts(event)
        assert {(s.weekday(), s.time()) for s in starts} == {(event.weekday, event.start)}
        for change in DST_CHANGES.get(event.zone, []):
            before = max(s for s in starts if s.date() < change)
            after = min(s for s in starts if s.date() > change)
            assert before.time() == after.time() == event.start
            assert before.utcoffset() != after.utcoffset()


def test_every_exported_event_was_stored_once(uploaded, fresh_calendar) -> None:
    data, _, _ = uploaded
    uids = sorted(str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT"))
    stored = sorted(str(e.icalendar_component["UID"]) for e in fresh_calendar.events())
    assert stored == uids


def with_rdate_list_vtimezones(text: str) -> str:
    """The same object, its VTIMEZONE replaced by icalendar's RDATE-list version.

    Renamed before upload, since the server keeps the first definition of a TZID.
    """
    cal = Calendar.from_ical(text)
    cal.subcomponents = [
        Timezone.from_tzinfo(ZoneInfo(str(c["TZID"]))) if c.name == "VTIMEZONE" else c
        for c in cal.subcomponents
    ]
    return cal.to_ical().decode()


def test_the_check_catches_rdate_list_vtimezones(fresh_calendar) -> None:
    """Sensitivity: with RDATE-list VTIMEZONEs Radicale puts summer an hour off."""
    event = weekly("Deep work", 0, time(9), time(11, 30), "Europe/Berlin")
    (text,) = split_for_caldav(feed("Ada", "Europe/Berlin", (event,)))
    listed = with_rdate_list_vtimezones(text).encode()
    fresh_calendar.add_event(rename_tzids(listed).decode(), increase_seqno=False)
    starts = [start for _, start in server_occurrences(fresh_calendar)]
    assert len(starts) == len(expected_starts(event))
    assert starts != expected_starts(event)
    summer = [s.astimezone(ZoneInfo("Europe/Berlin")) for s in starts if s.month == 7]
    assert {s.time() for s in summer} == {time(10)}  # read as +01:00 all year
