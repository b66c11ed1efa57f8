"""Rules of live calendars: which addresses may be fetched, masking, back-off, messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from app.domain.calendar.live import (
    AddressRefused,
    address_refusal,
    age_in_words,
    for_own_calendar,
    is_stale,
    last_read_note,
    mask_url,
    parse_calendar_url,
    retry_delay,
    status_message,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("fc00::1", "private"),
        ("100.64.0.1", "private"),
        ("0.0.0.0", "not a real server"),
        ("224.0.0.1", "not a real server"),
        ("240.0.0.1", "not a real server"),
    ],
)
def test_inner_addresses_are_refused(address, reason):
    found = address_refusal(address, allow_loopback=False)
    assert found is not None and reason in found


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(address, allow_loopback=False) is None


def test_loopback_allowance_lets_only_loopback_through():
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("::1", allow_loopback=True) is None
    assert address_refusal("10.0.0.1", allow_loopback=True) is not None
    assert address_refusal("169.254.169.254", allow_loopback=True) is not None


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "webcal://p01-caldav.icloud.com/published/2/abc",
            "https://p01-caldav.icloud.com/published/2/abc",
        ),
        (
            "  https://calendar.google.com/calendar/ical/x/private-y/basic.ics ",
            "https://calendar.google.com/calendar/ical/x/private-y/basic.ics",
        ),
        ("http://example.com", "http://example.com/"),
    ],
)
def test_calendar_urls_are_normalised(text, url):
    assert parse_calendar_url(text).url == url


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste"),
        ("ftp://example.com/cal.ics", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("gopher://x", "Only http"),
        ("https://user:pw@example.com/cal.ics", "user name or password"),
        ("https:///cal.ics", "no server name"),
        ("https://example.com:99999/", "not a web address"),
        ("https://example.com/" + "a" * 2100, "longer than"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(text, message):
    with pytest.raises(AddressRefused, match=message):
        parse_calendar_url(text)


def test_masked_url_keeps_only_scheme_and_host():
    masked = mask_url("https://calendar.google.com/calendar/ical/me%40x/private-s3cr3t/basic.ics")
    assert masked == "https://calendar.google.com/…"
    assert "s3cr3t" not in masked


@given(st.integers(min_value=1, max_value=200))
def test_back_off_grows_and_is_capped(failures):
    period, cap = timedelta(minutes=15), timedelta(hours=6)
    delay = retry_delay(failures, period, cap)
    assert timedelta(minutes=5) <= delay <= cap
    assert retry_delay(failures + 1, period, cap) >= delay


def test_back_off_doubles_from_five_minutes():
    delays = [retry_delay(n, timedelta(minutes=15), timedelta(hours=6)) for n in range(1, 9)]
    assert [d.total_seconds() / 60 for d in delays] == [5, 10, 20, 40, 80, 160, 320, 360]


def test_status_messages_say_what_to_do():
    assert status_message(401, "caldav") == (
        "The server answered 401: check the user name and app password."
    )
    assert "copy it again" in status_message(404, "ics")
    assert "copy it again" in status_message(401, "ics")
    assert "try again later" in status_message(503, "ics")


def test_stale_and_the_note():
    period = timedelta(minutes=15)
    assert not is_stale(NOW - timedelta(minutes=29), NOW, period)
    assert is_stale(NOW - timedelta(minutes=31), NOW, period)
    assert is_stale(None, NOW, period)
    note = last_read_note("Priya", NOW - timedelta(hours=3, minutes=5), NOW)
    assert note.startswith("Priya's calendar was last read 3 hours ago")
    assert age_in_words(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert age_in_words(NOW - timedelta(days=2), NOW) == "2 days ago"
    assert "not been read yet" in last_read_note("Priya", None, NOW)


def test_written_back_copy_keeps_uid_and_sequence_without_method_or_attendees():
    invite = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nMETHOD:REQUEST\r\n"
        b"BEGIN:VEVENT\r\nUID:m-1@teamshape\r\nSEQUENCE:2\r\nDTSTAMP:20261130T090000Z\r\n"
        b"DTSTART:20261201T100000Z\r\nDTEND:20261201T103000Z\r\nSUMMARY:Plan\r\n"
        b"ORGANIZER:mailto:a@example.test\r\nATTENDEE:mailto:b@example.test\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    copy = Calendar.from_ical(for_own_calendar(invite))
    event = copy.walk("VEVENT")[0]
    assert "METHOD" not in copy
    assert str(event["UID"]) == "m-1@teamshape" and int(event["SEQUENCE"]) == 2
    assert "ORGANIZER" not in event and "ATTENDEE" not in event


@given(st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)))
def test_only_global_unicast_addresses_are_ever_allowed(ip):
    """Whatever the address, an allowed one is public (global, not multicast); and with
    the loopback allowance exactly loopback addresses are added."""
    allowed = address_refusal(str(ip), allow_loopback=False) is None
    mapped = getattr(ip, "ipv4_mapped", None) or ip
    if allowed:
        assert mapped.is_global and not mapped.is_multicast
    with_loopback = address_refusal(str(ip), allow_loopback=True) is None
    assert with_loopback == (allowed or mapped.is_loopback)
