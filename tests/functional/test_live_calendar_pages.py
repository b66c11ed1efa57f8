"""The live calendars pages through the test client: subscribe, see the status, refresh
now, remove; refused addresses are explained; no secret address ever shows in a page
or a log line; "Find a time" notes calendars read too long ago.

The testing configuration runs queued tasks at once (TASKS_IMMEDIATE), so the refresh
that adding a connection queues has run by the time the redirect comes back.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import BusyInterval, CalendarConnection
from tests.live_calendar_helpers import RunningHost, single_ics

SECRET_PATH = "/calendar/ical/mo%40example.test/private-8f2d1c0ffee5ecret/basic.ics"


@pytest.fixture
def host():
    with RunningHost() as running:
        yield running


def tomorrow_at(hour: int) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def busy_rows():
    return db.session.execute(select(BusyInterval.start, BusyInterval.end)).all()


def test_the_page_has_labelled_fields_and_works_without_scripts(member_client):
    page = member_client.get("/calendar/live").data.decode()
    for field in ("url", "label", "server_url", "username", "password"):
        assert f'<label for="{field}">' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'type="password"' in page
    calendar_page = member_client.get("/calendar").data.decode()
    assert "Live calendars" in calendar_page and "/calendar/live" in calendar_page


def test_subscribe_reads_busy_time_and_never_shows_the_address(member_client, host, caplog):
    caplog.set_level(logging.DEBUG)
    start = tomorrow_at(10)
    url = host.serve(SECRET_PATH, single_ics(start, start + timedelta(hours=1), "Board"))
    response = member_client.post(
        "/calendar/live/subscriptions", data={"url": url, "label": "Work"}
    )
    assert response.status_code == 302
    assert busy_rows() == [(start, start + timedelta(hours=1))]
    pages = [
        member_client.get("/calendar/live").data.decode(),
        member_client.get("/calendar").data.decode(),
    ]
    assert "Work" in pages[0] and "http://127.0.0.1:" in pages[0] and "Last read" in pages[0]
    assert "1 busy span" in pages[0]
    for text in [*pages, caplog.text, response.data.decode()]:
        assert "8f2d1c0ffee5ecret" not in text and "private-" not in text
    stored = db.session.scalar(select(CalendarConnection.secret))
    assert "8f2d1c0ffee5ecret" not in stored  # encrypted at rest


def test_refresh_now_picks_up_a_change(member_client, host):
    first = tomorrow_at(10)
    url = host.serve("/c.ics", single_ics(first, first + timedelta(hours=1)))
    member_client.post("/calendar/live/subscriptions", data={"url": url})
    moved = tomorrow_at(14)
    host.serve("/c.ics", single_ics(moved, moved + timedelta(hours=2)))
    cid = db.session.scalar(select(CalendarConnection.id))
    response = member_client.post(f"/calendar/live/{cid}/refresh")
    assert response.status_code == 302 and response.headers["Location"].endswith("/calendar/live")
    db.session.expire_all()
    assert busy_rows() == [(moved, moved + timedelta(hours=2))]


def test_a_failure_shows_in_plain_words_and_keeps_busy_time(member_client, host):
    start = tomorrow_at(10)
    url = host.serve("/c.ics", single_ics(start, start + timedelta(hours=1)))
    member_client.post("/calendar/live/subscriptions", data={"url": url})
    host.serve("/c.ics", b"", status=401)
    cid = db.session.scalar(select(CalendarConnection.id))
    member_client.post(f"/calendar/live/{cid}/refresh")
    page = member_client.get("/calendar/live").data.decode()
    assert "The server answered 401: the secret address may have been reset" in page
    assert "Your last good busy time still counts." in page
    assert len(busy_rows()) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.0.0.1/cal.ics", "private network address"),
        ("http://169.254.169.254/latest", "cloud metadata"),
        ("ftp://example.com/cal.ics", "Only http://, https:// and webcal://"),
        ("", "Paste the calendar"),
    ],
)
def test_refused_addresses_are_explained_and_nothing_is_stored(member_client, url, message):
    response = member_client.post("/calendar/live/subscriptions", data={"url": url})
    assert response.status_code == 422
    assert message in response.data.decode()
    assert db.session.scalar(select(CalendarConnection.id)) is None


def test_loopback_is_refused_when_the_allowance_is_off(app, member_client, host):
    app.config["CALENDAR_ALLOW_LOOPBACK"] = False
    url = host.serve("/c.ics", b"")
    response = member_client.post("/calendar/live/subscriptions", data={"url": url})
    assert response.status_code == 422 and "loopback" in response.data.decode()
    assert host.requests == []


def test_remove_and_other_peoples_connections(member_client, host, make_member, client, auth):
    start = tomorrow_at(10)
    url = host.serve("/c.ics", single_ics(start, start + timedelta(hours=1)))
    member_client.post("/calendar/live/subscriptions", data={"url": url})
    cid = db.session.scalar(select(CalendarConnection.id))
    auth.logout()
    other = make_member("Olu Other")
    auth.login(other.email)
    assert client.post(f"/calendar/live/{cid}/refresh").status_code == 404
    assert client.post(f"/calendar/live/{cid}/delete").status_code == 404
    assert client.get(f"/calendar/live/{cid}").status_code == 404
    auth.logout()
    auth.login("mo@example.test")
    assert client.post(f"/calendar/live/{cid}/delete").status_code == 302
    assert db.session.scalar(select(CalendarConnection.id)) is None and busy_rows() == []


def test_find_a_time_notes_a_calendar_read_hours_ago(member_client, member, make_member, host):
    from tests.calendar_helpers import give_week, office_week

    priya = make_member("Priya Patel")
    give_week(member.id, office_week())
    give_week(priya.id, office_week())
    start = tomorrow_at(10)
    url = host.serve("/p.ics", single_ics(start, start + timedelta(hours=1)))
    from app.services import calendar_refresh, live_calendars
    from tests.live_calendar_helpers import settings

    now = datetime.now(UTC)
    cid = live_calendars.add_subscription(priya.id, url, None, now, settings().policy)
    calendar_refresh.refresh(cid, now - timedelta(hours=3, minutes=1), settings())
    first = datetime.now(UTC).date()
    query = {
        "duration": 30,
        "meeting_type": "status",
        "notice": 60,
        "window_start": first.isoformat(),
        "window_end": (first + timedelta(days=6)).isoformat(),
        "required_people": priya.id,
    }
    page = member_client.get("/find", query_string=query).data.decode()
    assert "Priya Patel&#39;s calendar was last read 3 hours ago" in page
    calendar_refresh.refresh(cid, datetime.now(UTC), settings())
    page = member_client.get("/find", query_string=query).data.decode()
    assert "last read" not in page
