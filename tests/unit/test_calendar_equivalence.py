"""`parse_busy`'s fast paths change nothing: generated calendars give exactly the busy
time of the plain reading it replaced (parse the whole file with icalendar, expand
every event with `recurring_ical_events`, copy each occurrence, read its times).

The generated files mix what the fast paths treat specially (one-off UTC events,
dropped lines: titles, descriptions, alarms, to-dos, folded text) with everything that
must still reach the parser and the expander: zoned, floating and all-day events,
DURATION, weekly series with EXDATE and moved, cancelled or transparent occurrences,
UIDs shared by several events, ends before starts, X-WR-TIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from app.domain.calendar.busy_lines import split_busy_lines
from app.domain.calendar.importing import parse_busy
from app.domain.intervals import Interval, merge

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"]
KEPT = {"RRULE", "RDATE", "EXDATE", "EXRULE", "DTSTART", "DTEND", "RECURRENCE-ID"}
KEPT |= {"UID", "DURATION", "TRANSP", "STATUS"}
BASE = datetime(2026, 3, 2)
FMT = "%Y%m%dT%H%M%S"
PADDING = timedelta(days=1)


def reference_busy(data: bytes, window: Interval, default_zone: str):
    """The reading before the fast paths (commit 179d346's importing.py, minus checks),
    with one fix both share: an occurrence's ends are compared as instants."""
    zone = ZoneInfo(default_zone)
    found: list[Interval] = []
    events = 0
    for calendar in Calendar.from_ical(data, multiple=True):
        for event in calendar.walk("VEVENT"):
            events += "RECURRENCE-ID" not in event
            for name in [key for key in event if key.upper() not in KEPT]:
                del event[name]
            event.subcomponents = []
        query = recurring_ical_events.of(calendar)
        for series in query.series:
            for occurrence in series.between(window.start - PADDING, window.end + PADDING):
                interval = reference_interval(occurrence.as_component(False), zone)
                if interval is not None and interval.overlaps(window):
                    start = max(interval.start, window.start).astimezone(UTC)
                    found.append(Interval(start, min(interval.end, window.end).astimezone(UTC)))
    return tuple(merge(found)), events, len(found)


def reference_interval(occurrence, zone: ZoneInfo) -> Interval | None:
    if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
        return None
    transp = str(occurrence.get("TRANSP", "")).upper()
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime):
        if transp != "OPAQUE":
            return None
        last = max(end, start + timedelta(days=1))
        return Interval(
            datetime.combine(start, time(), zone), datetime.combine(last, time(), zone)
        )
    if transp == "TRANSPARENT":
        return None
    start = (start if start.tzinfo else start.replace(tzinfo=zone)).astimezone(UTC)
    end = (end if end.tzinfo else end.replace(tzinfo=zone)).astimezone(UTC)
    return Interval(start, end) if end > start else None  # instants (see importing.py)


# -- generated calendars ---------------------------------------------------------------

NOISE = [
    "SUMMARY:Quarterly planning\\, with lunch",
    "DESCRIPTION:A long description that is folded over\r\n  two lines of text",
    "ATTENDEE;CN=Priya;ROLE=REQ-PARTICIPANT:mailto:priya@example.com",
    "SEQUENCE:3",
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:soon\r\nEND:VALARM",
]
status_lines = st.sampled_from(
    ["", "STATUS:CANCELLED", "STATUS:CONFIRMED", "TRANSP:TRANSPARENT", "TRANSP:OPAQUE"]
)


@st.composite
def moment(draw) -> datetime:
    return BASE + timedelta(days=draw(st.integers(-10, 70)), minutes=15 * draw(st.integers(0, 95)))


@st.composite
def when(draw, name: str, at: datetime) -> str:
    """A DTSTART/DTEND/RECURRENCE-ID line for `at` in one of the ways files write it."""
    form = draw(st.sampled_from(["utc", "utc", "zoned", "floating", "date"]))
    if form == "utc":
        return f"{name}:{at.strftime(FMT)}Z"
    if form == "zoned":
        return f"{name};TZID={draw(st.sampled_from(ZONES))}:{at.strftime(FMT)}"
    if form == "floating":
        return f"{name}:{at.strftime(FMT)}"
    return f"{name};VALUE=DATE:{at.strftime('%Y%m%d')}"


@st.composite
def single(draw, uid: str) -> list[str]:
    start = draw(moment())
    lines = [f"UID:{uid}", draw(when("DTSTART", start))]
    length = timedelta(minutes=draw(st.integers(-60, 240)))
    ending = draw(st.sampled_from(["dtend", "dtend", "duration", "none"]))
    if ending == "dtend":
        lines.append(draw(when("DTEND", start + length)))
    elif ending == "duration" and length >= timedelta(0):
        lines.append(f"DURATION:PT{int(length.total_seconds() // 60)}M")
    return lines + [draw(status_lines)]


@st.composite
def series(draw, uid: str) -> list[list[str]]:
    first = draw(moment())
    zone = draw(st.sampled_from(ZONES))
    local = first.strftime(FMT)
    rule = draw(
        st.sampled_from(
            ["COUNT=12", "COUNT=3", f"UNTIL={(first + timedelta(weeks=6)).strftime(FMT)}Z"]
        )
    )
    base = [
        f"UID:{uid}",
        f"DTSTART;TZID={zone}:{local}",
        f"DTEND;TZID={zone}:{(first + timedelta(minutes=45)).strftime(FMT)}",
        f"RRULE:FREQ=WEEKLY;{rule}",
        draw(status_lines),
    ]
    if draw(st.booleans()):
        base.append(f"EXDATE;TZID={zone}:{(first + timedelta(weeks=2)).strftime(FMT)}")
    events = [base]
    if draw(st.booleans()):
        moved = first + timedelta(weeks=draw(st.integers(1, 3)))
        events.append(
            [
                f"UID:{uid}",
                f"RECURRENCE-ID;TZID={zone}:{moved.strftime(FMT)}",
                f"DTSTART;TZID={zone}:{(moved + timedelta(hours=2)).strftime(FMT)}",
                f"DTEND;TZID={zone}:{(moved + timedelta(hours=3)).strftime(FMT)}",
                draw(status_lines),
            ]
        )
    return events


@st.composite
def calendars(draw) -> bytes:
    events: list[list[str]] = []
    for n in range(draw(st.integers(1, 12))):
        uid = f"e{draw(st.integers(0, 8)) if draw(st.booleans()) else n + 100}@test"
        if draw(st.integers(0, 3)) == 0:
            events += draw(series(uid))
        else:
            events.append(draw(single(uid)))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//equivalence//EN"]
    if draw(st.booleans()):
        lines.append(f"X-WR-TIMEZONE:{draw(st.sampled_from(ZONES))}")
    for event in events:
        body = [line for line in event if line]
        for _ in range(draw(st.integers(0, 2))):
            body.insert(draw(st.integers(1, len(body))), draw(st.sampled_from(NOISE)))
        lines += ["BEGIN:VEVENT", *body, "END:VEVENT"]
        if draw(st.integers(0, 5)) == 0:
            lines += ["BEGIN:VTODO", "UID:todo@test", "DTSTART:20260303T100000Z", "END:VTODO"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@settings(max_examples=300, deadline=None)
@given(calendars(), st.sampled_from(ZONES), st.integers(-5, 30))
def test_fast_paths_give_exactly_the_plain_reading(data: bytes, zone: str, offset: int) -> None:
    window = Interval(
        datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=offset),
        datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=offset + 56),
    )
    found = parse_busy(data, window, zone)
    assert (found.intervals, found.event_count, found.occurrence_count) == reference_busy(
        data, window, zone
    )


def test_plain_events_are_read_without_the_parser_and_the_rest_is_kept() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Secret\r\n"
        b"DTSTART:20260302T090000Z\r\nDTEND:20260302T100000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Berlin:20260302T090000\r\n"
        b"DESCRIPTION:long\r\n  folded\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\nBEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    text, plain = split_busy_lines(data)
    assert [(p.start.hour, p.end.hour, p.busy) for p in plain] == [(9, 10, True)]
    assert text == (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\n"
        b"DTSTART;TZID=Europe/Berlin:20260302T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_a_shared_uid_an_escaped_uid_or_an_unreal_time_goes_to_the_parser() -> None:
    event = b"BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:%s\r\nDTEND:20260302T100000Z\r\nEND:VEVENT\r\n"
    ok = event % (b"a", b"20260302T090000Z")

    def plain(*events: bytes) -> list:
        return split_busy_lines(b"BEGIN:VCALENDAR\r\n" + b"".join(events) + b"END:VCALENDAR\r\n")[
            1
        ]

    assert len(plain(ok)) == 1
    assert plain(ok, ok) == []
    assert plain(ok, event % (b"b\\,c", b"20260302T090000Z")) == []
    assert plain(event % (b"a", b"20260230T090000Z")) == []


def test_an_event_ending_in_a_spring_forward_gap_before_it_starts_is_not_busy() -> None:
    """02:15 does not exist in Berlin on 29 March 2026 (read as 01:15 UTC) and 03:00 is
    01:00 UTC: the event ends before it starts. It used to crash the import."""
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:gap\r\nDTSTART:20260329T021500\r\n"
        b"DTEND:20260329T030000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = Interval(datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC))
    assert parse_busy(data, window, "Europe/Berlin").intervals == ()
