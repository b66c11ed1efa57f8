"""Structure of exported feeds and invites: what every client relies on being there."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

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

STAMP = datetime(2026, 1, 2, 8, 30, tzinfo=UTC)


def weekly(n: int, zone: str = "Europe/Berlin", **changes) -> WeeklyEvent:
    fields = dict(
        uid=stable_uid("member-7", "weekly", n),
        summary=f"Focus {n}",
        weekday=n % 7,
        start=time(9),
        end=time(11),
        zone=zone,
    )
    return WeeklyEvent(**{**fields, **changes})


def single(n: int, **changes) -> SingleEvent:
    start = datetime(2026, 2, 1 + n, 14, tzinfo=UTC)
    fields = dict(
        uid=stable_uid("meeting", n),
        summary=f"Meeting {n}",
        start_utc=start,
        end_utc=start + timedelta(minutes=45),
    )
    return SingleEvent(**{**fields, **changes})


def invite(**changes) -> MeetingInvite:
    fields = dict(
        uid=stable_uid("meeting", 42),
        sequence=0,
        title="Quarterly planning",
        description="1. Goals\n2. Risks",
        start_utc=datetime(2026, 3, 10, 15, tzinfo=UTC),
        end_utc=datetime(2026, 3, 10, 16, tzinfo=UTC),
        organiser=Person("Ada Lovelace", "ada@example.com"),
        attendees=(
            Attendee("Grace Hopper", "grace@example.com", True),
            Attendee("Zoë Ünal", "zoe@example.com", False),
        ),
        location="Room 4",
    )
    return MeetingInvite(**{**fields, **changes})


def feed(**changes) -> FeedSpec:
    fields = dict(
        name="Ada's working style",
        zone="Europe/Berlin",
        refresh_minutes=60,
        dtstamp=STAMP,
        series_start=date(2026, 1, 1),
        weekly=(
            weekly(0),
            weekly(1, "America/New_York", transparent=True),
            weekly(2, "Asia/Kolkata"),
            weekly(3, "UTC"),
        ),
        single=(single(0), single(1, transparent=True, status="TENTATIVE")),
    )
    return FeedSpec(**{**fields, **changes})


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> list:
    return parse(data).walk("VEVENT")


def all_outputs() -> list[bytes]:
    return [
        build_feed(feed()),
        build_invite(invite(), STAMP),
        build_invite(invite(cancelled=True, sequence=1), STAMP),
        build_invites([invite(), invite(uid="other@teamshape", cancelled=True)], STAMP),
    ]


@pytest.mark.parametrize("data", all_outputs())
def test_every_calendar_has_the_required_header(data: bytes) -> None:
    cal = parse(data)
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == "-//Teamshape//Teamshape Calendars 1.0//EN"
    assert cal["CALSCALE"] == "GREGORIAN"


@pytest.mark.parametrize("data", all_outputs())
def test_every_event_has_uid_dtstamp_and_sequence(data: bytes) -> None:
    for event in events(data):
        assert event["UID"]
        assert event.decoded("DTSTAMP") == STAMP
        assert "SEQUENCE" in event


@pytest.mark.parametrize("data", all_outputs())
def test_every_tzid_has_exactly_one_vtimezone(data: bytes) -> None:
    used = set(re.findall(rb"TZID=([^:;]+)", data))
    defined = re.findall(rb"\r\nTZID:([^\r]+)", data)
    assert sorted(used) == sorted(defined)


def test_feed_writes_a_vtimezone_per_zone_and_none_for_utc() -> None:
    data = build_feed(feed())
    zones = [str(tz["TZID"]) for tz in parse(data).walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Asia/Kolkata", "Europe/Berlin"]
    assert b"DTSTART:20260101T090000Z" in data  # the UTC weekly event, Thursday 1 Jan


def test_vtimezones_use_yearly_rules_and_never_rdate_lists() -> None:
    data = build_feed(feed())
    assert b"RDATE" not in data
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data  # Berlin's spring change


def test_feed_carries_name_zone_and_refresh_hints() -> None:
    cal = parse(build_feed(feed(refresh_minutes=90)))
    assert cal["X-WR-CALNAME"] == "Ada's working style"
    assert cal["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert cal["METHOD"] == "PUBLISH"
    data = build_feed(feed(refresh_minutes=90))
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\n" in data
    assert b"\r\nX-PUBLISHED-TTL:PT1H30M\r\n" in data


def test_weekly_event_starts_on_first_matching_day_in_its_own_zone() -> None:
    spec = feed(weekly=(weekly(0, start=time(9, 15), end=time(10)),), single=())
    (event,) = events(build_feed(spec))
    assert event.decoded("DTSTART") == datetime(
        2026, 1, 5, 9, 15, tzinfo=ZoneInfo("Europe/Berlin")
    )
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert b"DTSTART;TZID=Europe/Berlin:20260105T091500" in build_feed(spec)


def test_weekly_event_on_series_start_weekday_starts_that_day() -> None:
    spec = feed(weekly=(weekly(3),), single=(), series_start=date(2026, 1, 1))  # Thursday
    (event,) = events(build_feed(spec))
    assert event.decoded("DTSTART").date() == date(2026, 1, 1)


def test_overnight_weekly_event_ends_next_day() -> None:
    spec = feed(weekly=(weekly(4, start=time(22), end=time(6)),), single=())
    (event,) = events(build_feed(spec))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=8)
    assert event.decoded("DTEND").date() == date(2026, 1, 3)


def test_transparency_marks_free_and_busy() -> None:
    by_uid = {str(e["UID"]): str(e["TRANSP"]) for e in events(build_feed(feed()))}
    assert by_uid[weekly(0).uid] == "OPAQUE"
    assert by_uid[weekly(1).uid] == "TRANSPARENT"
    assert by_uid[single(0).uid] == "OPAQUE"
    assert by_uid[single(1).uid] == "TRANSPARENT"


def test_single_events_are_in_utc_with_optional_status() -> None:
    found = {str(e["UID"]): e for e in events(build_feed(feed()))}
    event = found[single(1).uid]
    assert event.decoded("DTSTART") == datetime(2026, 2, 2, 14, tzinfo=UTC)
    assert event["STATUS"] == "TENTATIVE"
    assert "STATUS" not in found[single(0).uid]


def test_uids_are_unique_and_stable_across_exports() -> None:
    first, second = build_feed(feed()), build_feed(feed())
    uids = [str(e["UID"]) for e in events(first)]
    assert len(uids) == len(set(uids))
    assert uids == [str(e["UID"]) for e in events(second)]
    assert first == second


def test_stable_uid_is_deterministic_and_distinguishes_parts() -> None:
    assert stable_uid("member", 7) == stable_uid("member", 7)
    assert stable_uid("member", 7) != stable_uid("member", 8)
    assert stable_uid("a", "bc") != stable_uid("ab", "c")
    assert stable_uid("x", domain="example.org").endswith("@example.org")
    assert re.fullmatch(r"[0-9a-f]{32}@teamshape", stable_uid("x"))


def test_lines_are_folded_at_75_octets_with_crlf() -> None:
    agenda = "Überprüfung der Qualitätsziele — 日本語のテキスト — emoji 🎉 " * 12
    data = build_invite(invite(description=agenda, title="Ärger 🎉 " * 20), STAMP)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # folding never splits a multibyte character
    assert parse(data).walk("VEVENT")[0]["DESCRIPTION"] == agenda


def test_invite_is_an_itip_request_with_organiser_and_attendees() -> None:
    data = build_invite(invite(), STAMP)
    cal = parse(data)
    (event,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Quarterly planning"
    assert event["DESCRIPTION"] == "1. Goals\n2. Risks"
    assert event["LOCATION"] == "Room 4"
    assert event["ORGANIZER"] == "mailto:ada@example.com"
    assert event["ORGANIZER"].params["CN"] == "Ada Lovelace"
    grace, zoe = event["ATTENDEE"]
    assert grace == "mailto:grace@example.com"
    assert grace.params["ROLE"] == "REQ-PARTICIPANT"
    assert zoe.params["ROLE"] == "OPT-PARTICIPANT"
    assert zoe.params["CN"] == "Zoë Ünal"
    assert {a.params["PARTSTAT"] for a in (grace, zoe)} == {"NEEDS-ACTION"}


def test_reschedule_raises_sequence_and_keeps_uid() -> None:
    first = events(build_invite(invite(), STAMP))[0]
    moved = invite(
        sequence=1,
        start_utc=datetime(2026, 3, 11, 15, tzinfo=UTC),
        end_utc=datetime(2026, 3, 11, 16, tzinfo=UTC),
    )
    second = events(build_invite(moved, STAMP + timedelta(days=1)))[0]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] > first["SEQUENCE"]


def test_cancel_gives_method_cancel_and_status_cancelled() -> None:
    cal = parse(build_invite(invite(cancelled=True, sequence=2), STAMP))
    (event,) = cal.walk("VEVENT")
    assert cal["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert event["UID"] == invite().uid


def test_batch_holds_every_invite_without_an_itip_method() -> None:
    cal = parse(build_invites([invite(), invite(uid="b@teamshape", cancelled=True)], STAMP))
    assert "METHOD" not in cal
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert statuses == {invite().uid: "CONFIRMED", "b@teamshape": "CANCELLED"}


TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CATEGORIES")


def test_build_functions_never_invent_text() -> None:
    private = feed(
        name="Ada",
        weekly=(weekly(0, summary="Unavailable"), weekly(1, summary="Unavailable")),
        single=(single(0, summary="Unavailable"),),
    )
    cal = parse(build_feed(private))
    texts = {str(e[name]) for e in cal.walk("VEVENT") for name in TEXT_PROPERTIES if name in e}
    assert texts == {"Unavailable"}
    assert b"Focus" not in build_feed(private)
    supplied = {"Quarterly planning", "1. Goals\n2. Risks", "Room 4"}
    (event,) = events(build_invite(invite(), STAMP))
    assert {str(event[n]) for n in TEXT_PROPERTIES if n in event} == supplied


def test_empty_description_and_location_are_left_out() -> None:
    (event,) = events(build_invite(invite(description="", location=""), STAMP))
    assert "DESCRIPTION" not in event
    assert "LOCATION" not in event


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: weekly(0, weekday=7), "weekday"),
        (lambda: weekly(0, uid=" "), "uid"),
        (lambda: weekly(0, sequence=-1), "sequence"),
        (lambda: single(0, end_utc=datetime(2026, 1, 1, tzinfo=UTC)), "end after"),
        (lambda: single(0, start_utc=datetime(2026, 2, 1, 14)), "timezone-aware"),
        (lambda: single(0, status="MAYBE"), "status"),
        (lambda: feed(refresh_minutes=0), "refresh"),
    ],
)
def test_inputs_are_validated(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(Exception, match="Mars"):
        weekly(0, zone="Mars/Olympus_Mons")


@pytest.mark.parametrize("data", all_outputs())
def test_output_is_exactly_what_icalendar_writes_for_the_whole_calendar(data: bytes) -> None:
    """Events are serialised one by one and memoised; the joined bytes must not differ."""
    assert Calendar.from_ical(data).to_ical() == data


def test_memoised_events_follow_changes_to_their_input() -> None:
    before = build_feed(feed())
    renamed = build_feed(feed(weekly=(weekly(0, summary="Renamed"),)))
    restamped = build_feed(feed(dtstamp=STAMP + timedelta(hours=1)))
    assert b"SUMMARY:Renamed" in renamed
    assert b"DTSTAMP:20260102T093000Z" in restamped
    assert b"DTSTAMP:20260102T093000Z" not in before
