"""Importing an uploaded .ics as busy time: what counts as busy, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from icalendar.error import GloballyUniqueTZIDGuessed

from app.domain.calendar import FeedSpec, WeeklyEvent, build_feed, vtimezone
from app.domain.calendar.importing import (
    CalendarImportError,
    CalendarTooLarge,
    EmptyCalendar,
    InvalidRecurrence,
    MalformedCalendar,
    NotACalendar,
    TooManyOccurrences,
    parse_busy,
)
from app.domain.errors import DomainError
from app.domain.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = Interval(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def span(start: datetime, end: datetime) -> Interval:
    return Interval(start.astimezone(UTC), end.astimezone(UTC))


def event(uid: str, start, end, **props) -> Event:
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", utc(2026, 1, 1))
    item.add("summary", "Secret dentist appointment")
    item.add("dtstart", start)
    if end is not None:
        item.add("dtend", end)
    for name, value in props.items():
        item.add(name.replace("_", "-"), value)
    return item


def ics(*events: Event, zones: tuple[str, ...] = ()) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    for zone in zones:
        cal.add_component(vtimezone(zone, 2025))
    for item in events:
        cal.add_component(item)
    return cal.to_ical()


def busy(data: bytes, window: Interval = WINDOW, zone: str = "Europe/Berlin"):
    return parse_busy(data, window, zone)


def test_single_utc_event_becomes_one_busy_interval() -> None:
    result = busy(ics(event("a", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10))))
    assert result.intervals == (Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)),)
    assert result.event_count == 1
    assert result.occurrence_count == 1
    assert result.span == result.intervals[0]
    assert result.intervals[0].start.tzinfo is UTC


def test_result_holds_no_text_from_the_file() -> None:
    result = busy(ics(event("a", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10))))
    assert "dentist" not in repr(result)
    assert set(vars(result)) == {"intervals", "event_count", "occurrence_count"}


def test_weekly_recurrence_with_exdate_and_overrides() -> None:
    first = datetime(2026, 3, 2, 9, tzinfo=BERLIN)  # Mondays 09:00-10:00 Berlin
    master = event(
        "weekly",
        first,
        first + timedelta(hours=1),
        rrule={"freq": "weekly", "count": 6},
        exdate=datetime(2026, 3, 9, 9, tzinfo=BERLIN),
    )
    moved = event(
        "weekly",
        datetime(2026, 3, 17, 14, tzinfo=BERLIN),
        datetime(2026, 3, 17, 15, tzinfo=BERLIN),
        recurrence_id=datetime(2026, 3, 16, 9, tzinfo=BERLIN),
    )
    cancelled = event(
        "weekly",
        datetime(2026, 3, 23, 9, tzinfo=BERLIN),
        datetime(2026, 3, 23, 10, tzinfo=BERLIN),
        recurrence_id=datetime(2026, 3, 23, 9, tzinfo=BERLIN),
        status="CANCELLED",
    )
    result = busy(ics(master, moved, cancelled, zones=("Europe/Berlin",)))
    local_starts = [i.start.astimezone(BERLIN) for i in result.intervals]
    assert local_starts == [
        datetime(2026, 3, 2, 9, tzinfo=BERLIN),
        datetime(2026, 3, 17, 14, tzinfo=BERLIN),  # moved from Monday 16th
        datetime(2026, 3, 30, 9, tzinfo=BERLIN),  # after the DST change, still 09:00
        datetime(2026, 4, 6, 9, tzinfo=BERLIN),
    ]
    assert result.event_count == 1
    assert result.intervals[2].start == utc(2026, 3, 30, 7)


def test_all_day_events_are_free_unless_explicitly_opaque() -> None:
    holiday = event("holiday", date(2026, 3, 10), date(2026, 3, 11))
    offsite = event("offsite", date(2026, 3, 12), date(2026, 3, 14), transp="OPAQUE")
    result = busy(ics(holiday, offsite), zone="America/New_York")
    assert result.intervals == (
        span(datetime(2026, 3, 12, tzinfo=NEW_YORK), datetime(2026, 3, 14, tzinfo=NEW_YORK)),
    )
    assert result.event_count == 2


def test_all_day_event_without_end_lasts_one_day() -> None:
    result = busy(ics(event("day", date(2026, 3, 10), None, transp="OPAQUE")))
    assert result.intervals == (
        span(datetime(2026, 3, 10, tzinfo=BERLIN), datetime(2026, 3, 11, tzinfo=BERLIN)),
    )


def test_events_in_other_zones_use_their_tzid() -> None:
    start = datetime(2026, 3, 10, 9, tzinfo=NEW_YORK)  # EDT since 8 March
    data = ics(event("ny", start, start + timedelta(hours=1)), zones=("America/New_York",))
    assert busy(data).intervals == (Interval(utc(2026, 3, 10, 13), utc(2026, 3, 10, 14)),)


def test_custom_tzid_is_read_from_the_files_vtimezone() -> None:
    data = ics(
        event(
            "w", datetime(2026, 4, 1, 9, tzinfo=BERLIN), datetime(2026, 4, 1, 10, tzinfo=BERLIN)
        ),
        zones=("Europe/Berlin",),
    ).replace(b"Europe/Berlin", b"W. Europe Standard Time")
    assert busy(data).intervals == (Interval(utc(2026, 4, 1, 7), utc(2026, 4, 1, 8)),)


def test_floating_times_are_read_in_the_default_zone() -> None:
    data = ics(event("f", datetime(2026, 3, 10, 9), datetime(2026, 3, 10, 10)))
    assert busy(data, zone="Asia/Kolkata").intervals == (
        Interval(utc(2026, 3, 10, 3, 30), utc(2026, 3, 10, 4, 30)),
    )


def test_transparent_and_cancelled_events_are_not_busy() -> None:
    data = ics(
        event("free", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10), transp="TRANSPARENT"),
        event("off", utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), status="CANCELLED"),
        event("busy", utc(2026, 3, 4, 9), utc(2026, 3, 4, 10), transp="OPAQUE"),
    )
    result = busy(data)
    assert result.intervals == (Interval(utc(2026, 3, 4, 9), utc(2026, 3, 4, 10)),)
    assert result.event_count == 3
    assert result.occurrence_count == 1


def test_busy_time_is_clipped_to_the_window_and_merged() -> None:
    data = ics(
        event("early", utc(2026, 2, 28, 22), utc(2026, 3, 1, 2)),
        event("a", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)),
        event("b", utc(2026, 3, 2, 9, 30), utc(2026, 3, 2, 11)),
        event("outside", utc(2026, 6, 1, 9), utc(2026, 6, 1, 10)),
    )
    result = busy(data)
    assert result.intervals == (
        Interval(utc(2026, 3, 1), utc(2026, 3, 1, 2)),
        Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11)),
    )
    assert result.occurrence_count == 3
    assert result.event_count == 4


def test_duration_instead_of_dtend() -> None:
    data = ics(event("d", utc(2026, 3, 2, 9), None, duration=timedelta(minutes=90)))
    assert busy(data).intervals == (Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10, 30)),)


def test_events_with_no_busy_time_in_the_window_give_an_empty_result() -> None:
    result = busy(ics(event("late", utc(2027, 1, 1, 9), utc(2027, 1, 1, 10))))
    assert result.intervals == ()
    assert result.span is None
    assert result.event_count == 1


def test_our_own_feed_imports_as_the_busy_weekly_blocks() -> None:
    weekly = WeeklyEvent("w@t", "Focus", 0, time(9), time(11), "Europe/Berlin")
    free = WeeklyEvent("f@t", "Open", 1, time(9), time(11), "Europe/Berlin", transparent=True)
    spec = FeedSpec("Ada", "Europe/Berlin", 60, utc(2026, 1, 1), date(2026, 3, 1), (weekly, free))
    result = busy(build_feed(spec), Interval(utc(2026, 3, 23), utc(2026, 4, 6)))
    assert result.intervals == (
        Interval(utc(2026, 3, 23, 8), utc(2026, 3, 23, 10)),  # CET
        Interval(utc(2026, 3, 30, 7), utc(2026, 3, 30, 9)),  # CEST, same local time
    )


def test_byte_order_mark_and_several_calendars_are_accepted() -> None:
    one = ics(event("a", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)))
    two = ics(event("b", utc(2026, 3, 3, 9), utc(2026, 3, 3, 10)))
    result = busy(b"\xef\xbb\xbf" + one + two)
    assert len(result.intervals) == 2
    assert result.event_count == 2


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def rrule_ics(rule: bytes) -> bytes:
    good = ics(event("r", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10), rrule={"freq": "daily"}))
    return good.replace(b"RRULE:FREQ=DAILY", b"RRULE:" + rule)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"\x00\x01garbage\xff\xfe not a calendar", NotACalendar, "not an iCalendar"),
        (PNG, NotACalendar, "not an iCalendar"),
        (b"", NotACalendar, "not an iCalendar"),
        (ics(), EmptyCalendar, "no events"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n",
            MalformedCalendar,
            "damaged or incomplete",
        ),
        (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", MalformedCalendar, "damaged"),
        (
            ics(event("x", utc(2026, 3, 2, 9), None)).replace(b"20260302T090000Z", b"tomorrow"),
            MalformedCalendar,
            "unreadable DTSTART",
        ),
        (rrule_ics(b"FREQ=SOMETIMES"), InvalidRecurrence, "repeats in a way we cannot read"),
        (rrule_ics(b"FREQ=WEEKLY;BYDAY=XX"), InvalidRecurrence, "cannot read"),
        (rrule_ics(b"FREQ=WEEKLY;COUNT=many"), InvalidRecurrence, "cannot read"),
        (rrule_ics(b"FREQ=MINUTELY"), InvalidRecurrence, "more often than once an hour"),
    ],
    ids=[
        "garbage",
        "png",
        "nothing",
        "empty",
        "cut-off",
        "stray-end",
        "bad-date",
        "bad-freq",
        "bad-byday",
        "bad-count",
        "minutely",
    ],
)
def test_bad_files_are_refused_with_a_message(data: bytes, error, message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        busy(data)
    assert isinstance(caught.value, CalendarImportError)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, DomainError)
    assert caught.value.field == "file"


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    five_mb = b"BEGIN:VCALENDAR\r\n" + b"X" * (5 * 1024 * 1024)
    with pytest.raises(CalendarTooLarge, match="larger than the 2 MB limit"):
        busy(five_mb)


def test_the_size_limit_is_a_parameter() -> None:
    data = ics(event("a", utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)))
    with pytest.raises(CalendarTooLarge):
        parse_busy(data, WINDOW, "UTC", max_bytes=len(data) - 1)
    assert parse_busy(data, WINDOW, "UTC", max_bytes=len(data)).event_count == 1


def test_too_many_occurrences_stop_the_import() -> None:
    hourly = ics(event("h", utc(2026, 3, 1), utc(2026, 3, 1, 0, 30), rrule={"freq": "hourly"}))
    with pytest.raises(TooManyOccurrences, match="too many"):
        parse_busy(hourly, WINDOW, "UTC", max_occurrences=500)
    assert parse_busy(hourly, WINDOW, "UTC").occurrence_count == 61 * 24


def custom_zone_ics(offset: timedelta) -> bytes:
    """An event at 09:00 in a zone only this file defines, under a shared custom TZID."""
    zone = Calendar.from_ical(ics(zones=("Asia/Kolkata",))).walk("VTIMEZONE")[0]
    zone["TZID"] = "Teamshape Test Custom Zone"
    standard = zone.walk("STANDARD")[0]
    for name in ("TZOFFSETFROM", "TZOFFSETTO"):
        del standard[name]
        standard.add(name, offset)
    cal = Calendar.from_ical(ics())
    cal.add_component(zone)
    item = event("c", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10))
    item["DTSTART"].params["TZID"] = item["DTEND"].params["TZID"] = zone["TZID"]
    cal.add_component(item)
    return cal.to_ical()


def test_each_file_uses_its_own_definition_of_a_custom_tzid() -> None:
    """icalendar caches custom zones by TZID process-wide; imports must not share them."""
    plus_one = busy(custom_zone_ics(timedelta(hours=1)))
    plus_five = busy(custom_zone_ics(timedelta(hours=5)))
    assert plus_one.intervals[0].start == utc(2026, 3, 2, 8)
    assert plus_five.intervals[0].start == utc(2026, 3, 2, 4)


def zoned_ics(tzid: str) -> bytes:
    item = event("z", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10))
    item["DTSTART"].params["TZID"] = item["DTEND"].params["TZID"] = tzid
    return ics(item)


def test_vendor_prefixed_tzid_without_vtimezone_is_guessed_with_a_warning() -> None:
    with pytest.warns(GloballyUniqueTZIDGuessed):
        result = busy(zoned_ics("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"))
    assert result.intervals[0].start == utc(2026, 3, 2, 8)


def test_unknown_tzid_without_vtimezone_is_read_as_floating() -> None:
    result = busy(zoned_ics("Nowhere Special Time"), zone="Asia/Kolkata")
    assert result.intervals[0].start == utc(2026, 3, 2, 3, 30)
