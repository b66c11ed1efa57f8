"""VTIMEZONEs agree with tzdata as read by icalendar, by vobject (Radicale's parser) and
by a rule reader written here, independently of both."""

from __future__ import annotations

import calendar as gregorian
import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Timezone

from app.domain.calendar.vtimezone import DAY_CODES, HORIZON_YEARS, transitions, vtimezone

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Europe/London",
    "UTC",
]
FIRST_YEAR = 2025
CHECK_YEARS = range(FIRST_YEAR, FIRST_YEAR + HORIZON_YEARS)


_renames = itertools.count()


def vobject_tz(component: Timezone):
    """The zone as vobject reads it, under a fresh TZID.

    vobject keeps the first VTIMEZONE it sees per TZID for the whole process, so
    reading a bad definition under a real name would leak into later tests.
    """
    component = Timezone.from_ical(component.to_ical())
    component["TZID"] = f"Teamshape-{next(_renames)}-{component['TZID']}"
    text = component.to_ical().decode()
    cal = vobject.readOne(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{text}END:VCALENDAR\r\n")
    return cal.vtimezone.gettzinfo()


def sample_instants(zone: str, years: range) -> list[datetime]:
    """Monthly instants plus an hour either side of every real transition."""
    monthly = [datetime(y, m, 15, 12, tzinfo=UTC) for y in years for m in range(1, 13)]
    near = []
    for change in transitions(zone, years.start, years.stop - 1):
        near += [change.instant - timedelta(hours=1), change.instant + timedelta(hours=1)]
    return monthly + near


def assert_offsets_match(zone: str, tz, years: range) -> None:
    real = ZoneInfo(zone)
    for instant in sample_instants(zone, years):
        expected = real.utcoffset(instant.astimezone(real).replace(tzinfo=None))
        wall = instant.astimezone(real).replace(tzinfo=None)
        assert tz.utcoffset(wall) == expected, (zone, wall)


@pytest.mark.parametrize("zone", ZONES)
def test_icalendar_reads_our_vtimezone_as_tzdata(zone: str) -> None:
    tz = vtimezone(zone, FIRST_YEAR).to_tz(lookup_tzid=False)
    assert_offsets_match(zone, tz, CHECK_YEARS)


@pytest.mark.parametrize("zone", ZONES)
def test_vobject_reads_our_vtimezone_as_tzdata(zone: str) -> None:
    assert_offsets_match(zone, vobject_tz(vtimezone(zone, FIRST_YEAR)), CHECK_YEARS)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    days = [
        d
        for d in range(1, gregorian.monthrange(year, month)[1] + 1)
        if datetime(year, month, d).weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def onset(rule, year: int) -> int:
    """The day a YEARLY;BYMONTH;BYDAY[;BYMONTHDAY] rule picks in `year` (read by hand)."""
    month = rule["BYMONTH"][0]
    monthdays = rule.get("BYMONTHDAY")
    byday = rule.get("BYDAY")
    if byday is None:
        return monthdays[0]
    code = str(byday[0])
    weekday = DAY_CODES.index(code[-2:])
    if monthdays:
        return next(d for d in monthdays if datetime(year, month, d).weekday() == weekday)
    return nth_weekday(year, month, weekday, int(code[:-2]))


@pytest.mark.parametrize("zone", [*ZONES, "America/Santiago", "Asia/Jerusalem", "Africa/Cairo"])
def test_rules_read_by_hand_give_every_tzdata_transition(zone: str) -> None:
    real = transitions(zone, FIRST_YEAR - 1, FIRST_YEAR + HORIZON_YEARS - 1)
    expected = {(c.wall_time, c.offset_before, c.offset_after) for c in real}
    found = set()
    for block in vtimezone(zone, FIRST_YEAR).subcomponents:
        start = block.decoded("DTSTART")
        offsets = (block.decoded("TZOFFSETFROM"), block.decoded("TZOFFSETTO"))
        if "RRULE" not in block:
            if offsets[0] != offsets[1]:
                found.add((start, *offsets))
            continue
        rule = block["RRULE"]
        for year in range(FIRST_YEAR - 1, CHECK_YEARS.stop):
            day = onset(rule, year)
            found.add((start.replace(year=year, month=rule["BYMONTH"][0], day=day), *offsets))
    assert found == expected


@pytest.mark.parametrize(
    ("zone", "rules"),
    [
        ("Europe/Berlin", {("DAYLIGHT", "3", "-1SU"), ("STANDARD", "10", "-1SU")}),
        ("America/New_York", {("DAYLIGHT", "3", "2SU"), ("STANDARD", "11", "1SU")}),
        ("Australia/Sydney", {("DAYLIGHT", "10", "1SU"), ("STANDARD", "4", "1SU")}),
        ("Pacific/Auckland", {("DAYLIGHT", "9", "-1SU"), ("STANDARD", "4", "1SU")}),
        ("Europe/London", {("DAYLIGHT", "3", "-1SU"), ("STANDARD", "10", "-1SU")}),
    ],
)
def test_dst_zones_get_one_yearly_rule_per_change(zone: str, rules: set) -> None:
    component = vtimezone(zone, FIRST_YEAR)
    found = {
        (b.name, str(b["RRULE"]["BYMONTH"][0]), str(b["RRULE"]["BYDAY"][0]))
        for b in component.subcomponents
    }
    assert found == rules
    assert b"RDATE" not in component.to_ical()


def test_berlin_onsets_are_local_wall_times_of_the_changes_of_the_year_before() -> None:
    blocks = {b.name: b for b in vtimezone("Europe/Berlin", 2026).subcomponents}
    assert blocks["DAYLIGHT"].decoded("DTSTART") == datetime(2025, 3, 30, 2)
    assert blocks["STANDARD"].decoded("DTSTART") == datetime(2025, 10, 26, 3)
    assert blocks["DAYLIGHT"].decoded("TZOFFSETTO") == timedelta(hours=2)


@pytest.mark.parametrize(
    ("zone", "offset"),
    [
        ("Asia/Kolkata", timedelta(hours=5, minutes=30)),
        ("America/Sao_Paulo", -timedelta(hours=3)),
        ("UTC", timedelta(0)),
    ],
)
def test_zones_without_dst_get_a_single_standard(zone: str, offset: timedelta) -> None:
    (block,) = vtimezone(zone, FIRST_YEAR).subcomponents
    assert block.name == "STANDARD"
    assert block.decoded("TZOFFSETFROM") == block.decoded("TZOFFSETTO") == offset


def test_zones_without_a_yearly_rule_list_each_change_as_its_own_onset() -> None:
    component = vtimezone("Africa/Casablanca", FIRST_YEAR)  # follows Ramadan
    assert len(component.subcomponents) > 4
    assert b"RDATE" not in component.to_ical()
    assert_offsets_match("Africa/Casablanca", vobject_tz(component), CHECK_YEARS)


def test_rules_like_first_sunday_on_or_after_use_a_monthday_window() -> None:
    component = vtimezone("America/Santiago", FIRST_YEAR)  # tzdata "Sun>=2"
    assert b"BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8" in component.to_ical()
    assert_offsets_match("America/Santiago", vobject_tz(component), CHECK_YEARS)


def test_rdate_lists_from_icalendar_are_misread_by_vobject() -> None:
    """Why this module exists: vobject honours only the first RDATE of such lists."""
    listed = Timezone.from_tzinfo(ZoneInfo("Europe/Berlin"))
    summer = datetime(2026, 7, 1, 12)
    assert vobject_tz(listed).utcoffset(summer) == timedelta(hours=1)  # wrong: CEST is +2
    ours = vobject_tz(vtimezone("Europe/Berlin", 2025))
    assert ours.utcoffset(summer) == timedelta(hours=2)


ALL_ZONES = sorted(z for z in available_timezones() if not z.startswith(("posix", "right")))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ALL_ZONES), st.integers(2024, 2030))
def test_any_zone_is_read_by_vobject_as_tzdata(zone: str, first_year: int) -> None:
    years = range(first_year, first_year + HORIZON_YEARS)
    assert_offsets_match(zone, vobject_tz(vtimezone(zone, first_year)), years)


@pytest.mark.parametrize("reader", ["icalendar", "vobject"])
def test_a_one_off_change_after_new_year_reads_right_before_it(reader: str) -> None:
    """Almaty went from +06 to +05 on 1 March 2024 and has no other change in range:
    January must still read +06 (hypothesis found vobject reading +05 there)."""
    component = vtimezone("Asia/Almaty", 2024)
    tz = component.to_tz(lookup_tzid=False) if reader == "icalendar" else vobject_tz(component)
    assert_offsets_match("Asia/Almaty", tz, range(2024, 2024 + HORIZON_YEARS))
