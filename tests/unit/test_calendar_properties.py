"""Property-based round trips: what we export expands to the wall-clock times zoneinfo
computes, and generated calendars import to exactly the busy time they describe."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from app.domain.calendar import FeedSpec, WeeklyEvent, build_feed, vtimezone
from app.domain.calendar.importing import parse_busy
from app.domain.intervals import Interval, merge

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Europe/London",
    "America/Los_Angeles",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "UTC",
]
WEEKS = 60  # more than a year: every zone passes through both DST changes

# Clock changes happen between 00:00 and 04:00 local; times from 05:00 always exist.
start_times = st.builds(time, st.integers(5, 21), st.sampled_from([0, 15, 30, 45]))


@st.composite
def weekly_events(draw) -> WeeklyEvent:
    start = draw(start_times)
    minutes = draw(st.integers(15, 150))
    end = (datetime.combine(date(2026, 1, 1), start) + timedelta(minutes=minutes)).time()
    return WeeklyEvent(
        uid=f"{draw(st.uuids())}@test",
        summary="Focus",
        weekday=draw(st.integers(0, 6)),
        start=start,
        end=end,
        zone=draw(st.sampled_from(ZONES)),
        transparent=draw(st.booleans()),
    )


def expected_starts(item: WeeklyEvent, series_start: date) -> list[datetime]:
    zone = ZoneInfo(item.zone)
    first = series_start + timedelta(days=(item.weekday - series_start.weekday()) % 7)
    days = [first + timedelta(weeks=n) for n in range(WEEKS)]
    return [datetime.combine(day, item.start, zone).astimezone(UTC) for day in days]


def expand(data: bytes, series_start: date) -> dict[str, list]:
    cal = Calendar.from_ical(data)
    begin = datetime.combine(series_start, time(), UTC) - timedelta(days=1)
    found: dict[str, list] = {}
    for occurrence in recurring_ical_events.of(cal).between(begin, begin + timedelta(weeks=WEEKS)):
        found.setdefault(str(occurrence["UID"]), []).append(occurrence)
    return found


_renames = itertools.count()


def use_only_our_vtimezones(data: bytes) -> bytes:
    """Rename every zone so parsers cannot look it up and must read our VTIMEZONE.

    icalendar caches custom zones by TZID for the whole process, so every example
    gets fresh names.
    """
    prefix = f"Teamshape-{next(_renames)}-"
    for zone in ZONES:
        data = data.replace(f"TZID={zone}:".encode(), f"TZID={prefix}{zone}:".encode())
        data = data.replace(f"TZID:{zone}\r\n".encode(), f"TZID:{prefix}{zone}\r\n".encode())
    return data


def check_round_trip(events: list[WeeklyEvent], series_start: date, data: bytes) -> None:
    found = expand(data, series_start)
    for item in events:
        occurrences = sorted(found[item.uid], key=lambda o: o.start)
        starts = [o.start.astimezone(UTC) for o in occurrences]
        assert starts[: WEEKS - 1] == expected_starts(item, series_start)[: WEEKS - 1]
        for occurrence in occurrences:
            local = occurrence.start.astimezone(ZoneInfo(item.zone))
            local_end = occurrence.end.astimezone(ZoneInfo(item.zone))
            assert (local.weekday(), local.time()) == (item.weekday, item.start)
            end_day = local.date() + timedelta(days=1 if item.end <= item.start else 0)
            if _exists(end_day, item.end, item.zone):
                assert local_end.time() == item.end


def _exists(day: date, wall: time, zone: str) -> bool:
    """Whether `wall` happens on `day` in `zone` (not skipped by a DST gap).

    An end inside a gap (America/Santiago's clocks jump from 24:00 to 01:00) names no
    instant; RFC 5545 leaves its reading to the parser, and parsers reading only our
    VTIMEZONE and zoneinfo disagree by the gap's hour, so only real ends are compared.
    """
    local = datetime.combine(day, wall, ZoneInfo(zone))
    return local.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == (
        local.replace(tzinfo=None)
    )


common = settings(max_examples=40, deadline=None)


@common
@given(
    st.lists(weekly_events(), min_size=1, max_size=4, unique_by=lambda e: e.uid),
    st.dates(date(2025, 1, 1), date(2030, 12, 31)),
)
def test_weekly_events_keep_local_time_through_icalendar(events, series_start) -> None:
    spec = FeedSpec("T", "UTC", 60, datetime(2025, 1, 1, tzinfo=UTC), series_start, tuple(events))
    check_round_trip(events, series_start, build_feed(spec))


@common
@given(
    st.lists(weekly_events(), min_size=1, max_size=4, unique_by=lambda e: e.uid),
    st.dates(date(2025, 1, 1), date(2030, 12, 31)),
)
def test_weekly_events_keep_local_time_through_our_vtimezones(events, series_start) -> None:
    spec = FeedSpec("T", "UTC", 60, datetime(2025, 1, 1, tzinfo=UTC), series_start, tuple(events))
    data = use_only_our_vtimezones(build_feed(spec))
    assert b"TZID=Europe/Berlin" not in data
    check_round_trip(events, series_start, data)


def test_an_end_in_santiago_s_midnight_gap_keeps_its_start_and_other_weeks():
    """Found by hypothesis: Saturday 21:45-00:00 in Santiago on 2025-09-06, the night the
    clocks skip midnight. Every start and every real end still round-trips."""
    event = WeeklyEvent(
        "gap@test", "Focus", 5, time(21, 45), time(0, 0), "America/Santiago", False, 0, ""
    )
    spec = FeedSpec("T", "UTC", 60, datetime(2025, 1, 1, tzinfo=UTC), date(2025, 8, 1), (event,))
    check_round_trip([event], date(2025, 8, 1), use_only_our_vtimezones(build_feed(spec)))


# --- import -----------------------------------------------------------------------

WINDOW = Interval(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
IMPORT_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", None]
DEFAULT_ZONE = "America/Los_Angeles"


@st.composite
def generated_events(draw) -> dict:
    zone_name = draw(st.sampled_from(IMPORT_ZONES))
    local = draw(
        st.datetimes(datetime(2026, 2, 20), datetime(2026, 5, 10)).map(
            lambda d: d.replace(second=0, microsecond=0)
        )
    )
    return {
        "zone": zone_name,
        "local": local,
        "minutes": draw(st.integers(5, 600)),
        "weekly_count": draw(st.sampled_from([None, None, 2, 5])),
        "transp": draw(st.sampled_from([None, "OPAQUE", "TRANSPARENT"])),
        "cancelled": draw(st.booleans()),
        "skip_week": draw(st.sampled_from([None, 1, 3])),  # EXDATE, when it repeats
    }


def zone_of(spec: dict) -> ZoneInfo:
    return ZoneInfo(spec["zone"] or DEFAULT_ZONE)


def unambiguous(local: datetime, zone: ZoneInfo) -> bool:
    """The wall time exists and happens once (not in a DST gap or a repeated hour)."""
    aware = local.replace(tzinfo=zone)
    if aware.utcoffset() != aware.replace(fold=1).utcoffset():
        return False
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


def wall_times(spec: dict) -> list[datetime]:
    """Start and end wall times of each occurrence (DTEND is DTSTART + wall duration)."""
    length = timedelta(minutes=spec["minutes"])
    starts = [spec["local"] + timedelta(weeks=w) for w in range(spec["weekly_count"] or 1)]
    return [t for start in starts for t in (start, start + length)]


def to_event(n: int, spec: dict) -> Event:
    item = Event()
    item.add("uid", f"{n}@gen")
    item.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
    zone = ZoneInfo(spec["zone"]) if spec["zone"] else None
    start = spec["local"].replace(tzinfo=zone)
    item.add("dtstart", start)
    item.add("dtend", start + timedelta(minutes=spec["minutes"]))
    if spec["weekly_count"]:
        item.add("rrule", {"freq": "weekly", "count": spec["weekly_count"]})
        item.add("exdate", start + timedelta(weeks=spec["skip_week"] or 99))
    if spec["transp"]:
        item.add("transp", spec["transp"])
    if spec["cancelled"]:
        item.add("status", "CANCELLED")
    return item


def expected_busy(spec: dict) -> list[Interval]:
    if spec["transp"] == "TRANSPARENT" or spec["cancelled"]:
        return []
    zone = zone_of(spec)
    times = [t.replace(tzinfo=zone).astimezone(UTC) for t in wall_times(spec)]
    spans = [Interval(start, end) for start, end in zip(times[::2], times[1::2], strict=True)]
    return [span for week, span in enumerate(spans) if week != spec["skip_week"]]


def clip(intervals: list[Interval]) -> list[Interval]:
    inside = [i for i in intervals if i.overlaps(WINDOW)]
    return [Interval(max(i.start, WINDOW.start), min(i.end, WINDOW.end)) for i in inside]


@settings(max_examples=60, deadline=None)
@given(st.lists(generated_events(), min_size=1, max_size=12))
def test_generated_calendars_import_to_the_expected_busy_time(specs) -> None:
    specs = [s for s in specs if all(unambiguous(t, zone_of(s)) for t in wall_times(s))]
    if not specs:
        return
    cal = Calendar()
    cal.add("prodid", "-//gen//EN")
    cal.add("version", "2.0")
    for zone in sorted({s["zone"] for s in specs if s["zone"]}):
        cal.add_component(vtimezone(zone, 2026))
    for n, spec in enumerate(specs):
        cal.add_component(to_event(n, spec))
    result = parse_busy(cal.to_ical(), WINDOW, DEFAULT_ZONE)
    expected = merge(clip([i for s in specs for i in expected_busy(s)]))
    assert list(result.intervals) == expected
    assert result.event_count == len(specs)
