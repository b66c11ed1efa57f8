"""A CalDAV account on a real Radicale: connect it through the pages, tick calendars,
see busy time arrive through the queue (immediate mode in the testing configuration),
pick up a changed event (and read nothing when the ctag did not move), and write a
booked meeting back: booked, rescheduled (same UID, higher SEQUENCE), cancelled.
The app password never shows in a page or a log line.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

import caldav
import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import BusyInterval, CalendarConnection, ConnectionCalendar
from app.services import calendar_refresh, meetings
from tests.calendar_helpers import give_week, office_week
from tests.live_calendar_helpers import settings, single_ics

pytestmark = pytest.mark.realclient
PASSWORD = "app-pass-5up3r-5ecret-9931"  # noqa: S105


def tomorrow_at(hour: int, days: int = 1) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def account(radicale_url):
    """A fresh Radicale user with two calendars; Work holds one event tomorrow 10-11."""
    user = f"u{uuid.uuid4().hex[:10]}"
    client = caldav.DAVClient(url=radicale_url, username=user, password=PASSWORD)
    principal = client.principal()
    work = principal.make_calendar(name="Work", cal_id="work")
    personal = principal.make_calendar(name="Personal", cal_id="personal")
    start = tomorrow_at(10)
    work.add_event(single_ics(start, start + timedelta(hours=1), "Secret review").decode())
    return user, work, personal


def busy_rows():
    db.session.expire_all()
    return db.session.execute(
        select(BusyInterval.start, BusyInterval.end).order_by(BusyInterval.start)
    ).all()


def connect(client, radicale_url, user):
    response = client.post(
        "/calendar/live/caldav",
        data={"server_url": radicale_url, "username": user, "password": PASSWORD},
    )
    assert response.status_code == 302, response.data.decode()[:2000]
    return db.session.scalar(select(CalendarConnection.id))


def calendar_ids() -> dict[str, int]:
    return {c.name: c.id for c in db.session.scalars(select(ConnectionCalendar))}


def test_connect_tick_and_busy_time_arrives_then_changes(
    member_client, radicale_url, account, caplog
):
    caplog.set_level(logging.DEBUG)
    user, work, _personal = account
    cid = connect(member_client, radicale_url, user)
    choose = member_client.get(f"/calendar/live/{cid}").data.decode()
    assert "Work" in choose and "Personal" in choose
    assert busy_rows() == []  # nothing counts until ticked
    ids = calendar_ids()
    response = member_client.post(f"/calendar/live/{cid}/calendars", data={"busy": [ids["Work"]]})
    assert response.status_code == 302
    start = tomorrow_at(10)
    assert busy_rows() == [(start, start + timedelta(hours=1))]

    # unchanged ctag: nothing is read or replaced
    assert calendar_refresh.refresh(cid, datetime.now(UTC), settings()).changed is False

    event = work.event_by_uid("one@example")
    moved = tomorrow_at(15)
    event.data = single_ics(moved, moved + timedelta(minutes=45), "Secret review").decode()
    event.save()
    assert member_client.post(f"/calendar/live/{cid}/refresh").status_code == 302
    assert busy_rows() == [(moved, moved + timedelta(minutes=45))]

    pages = [member_client.get(p).data.decode() for p in ("/calendar", "/calendar/live")]
    pages.append(member_client.get(f"/calendar/live/{cid}").data.decode())
    for text in [*pages, caplog.text]:
        assert PASSWORD not in text
        assert "Secret review" not in text
    assert PASSWORD not in db.session.scalar(select(CalendarConnection.secret))


def test_a_wrong_password_is_explained(member_client, radicale_url, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    from app.services import caldav_access
    from app.services.safe_fetch import FetchFailed

    def refuse(login, policy):
        raise FetchFailed("The server answered 401: check the user name and app password.")

    # Radicale here accepts any login (auth type none), so the 401 is simulated at the
    # library boundary; the message mapping itself is tested in the unit tests.
    monkeypatch.setattr(caldav_access, "list_calendars", refuse)
    response = member_client.post(
        "/calendar/live/caldav",
        data={"server_url": radicale_url, "username": "x", "password": PASSWORD},
    )
    page = response.data.decode()
    assert response.status_code == 422
    assert "The server answered 401: check the user name and app password." in page
    assert PASSWORD not in page and PASSWORD not in caplog.text


def test_an_unreachable_server_is_explained(member_client):
    response = member_client.post(
        "/calendar/live/caldav",
        data={"server_url": "http://127.0.0.1:9/dav/", "username": "x", "password": PASSWORD},
    )
    assert response.status_code == 422
    assert "could not be reached" in response.data.decode()
    assert PASSWORD not in response.data.decode()


def server_copy(calendar, uid: str):
    found = calendar.event_by_uid(uid)
    return Calendar.from_ical(found.data).walk("VEVENT")[0]


def test_write_back_book_reschedule_cancel(
    member_client, member, make_member, radicale_url, account
):
    user, _work, personal = account
    give_week(member.id, office_week("UTC"))
    ana = make_member("Ana Lima", zone="UTC")
    give_week(ana.id, office_week("UTC"))
    cid = connect(member_client, radicale_url, user)
    ids = calendar_ids()
    member_client.post(f"/calendar/live/{cid}/calendars", data={"write_back": ids["Personal"]})

    from app.domain.scheduling import MeetingType
    from app.services.meetings import MeetingDetails

    now = datetime.now(UTC)
    start = tomorrow_at(13, days=2)
    booked = meetings.book(
        ana.id,
        MeetingDetails("Roadmap", MeetingType.DECISION, ""),
        start=start,
        duration=timedelta(minutes=30),
        required_ids=(member.id,),
        now=now,
    )
    copy = server_copy(personal, booked.uid)
    assert copy.decoded("dtstart") == start and int(copy["SEQUENCE"]) == 0
    assert str(copy["SUMMARY"]) == "Roadmap"

    later = start + timedelta(hours=2)
    meetings.reschedule(ana.id, booked.id, start=later, now=now)
    copy = server_copy(personal, booked.uid)
    assert copy.decoded("dtstart") == later and int(copy["SEQUENCE"]) == 1
    assert len(personal.events()) == 1

    meetings.cancel(ana.id, booked.id, now=now)
    assert personal.events() == []
    page = member_client.get("/calendar/live").data.decode()
    assert "Personal" in page and "could not be written" not in page


def test_a_failed_write_back_never_blocks_booking_and_shows(
    member_client, member, make_member, radicale_url, account, monkeypatch
):
    user, _work, personal = account
    give_week(member.id, office_week("UTC"))
    ana = make_member("Ana Lima", zone="UTC")
    give_week(ana.id, office_week("UTC"))
    cid = connect(member_client, radicale_url, user)
    member_client.post(
        f"/calendar/live/{cid}/calendars", data={"write_back": calendar_ids()["Personal"]}
    )
    from app.services import caldav_access
    from app.services.safe_fetch import FetchFailed

    def down(*args, **kwargs):
        raise FetchFailed("The CalDAV server 127.0.0.1 could not be reached.")

    monkeypatch.setattr(caldav_access, "put_event", down)
    from app.domain.scheduling import MeetingType
    from app.services.meetings import MeetingDetails

    booked = meetings.book(
        ana.id,
        MeetingDetails("Budget", MeetingType.DECISION, ""),
        start=tomorrow_at(13, days=2),
        duration=timedelta(minutes=30),
        required_ids=(member.id,),
        now=datetime.now(UTC),
    )
    assert booked.id is not None and personal.events() == []
    page = member_client.get("/calendar/live").data.decode()
    assert "“Budget” could not be written to your calendar" in page


def test_a_series_that_began_before_the_window_is_expanded_with_its_exception(
    member_client, radicale_url
):
    from tests.live_calendar_helpers import weekly_ics

    user = f"u{uuid.uuid4().hex[:10]}"
    principal = caldav.DAVClient(url=radicale_url, username=user, password=PASSWORD).principal()
    team = principal.make_calendar(name="Team", cal_id="team")
    first = tomorrow_at(7, days=-14)
    skipped = first + timedelta(weeks=3)
    team.add_event(weekly_ics(first, weeks=6, exceptions=(skipped,)).decode())
    cid = connect(member_client, radicale_url, user)
    member_client.post(f"/calendar/live/{cid}/calendars", data={"busy": [calendar_ids()["Team"]]})
    from app.services.calendar_import import import_window

    window = import_window("Europe/Berlin", datetime.now(UTC), 8)  # from local midnight
    expected = [
        (first + timedelta(weeks=w), first + timedelta(weeks=w, hours=1))
        for w in range(6)
        if first + timedelta(weeks=w) != skipped
        and first + timedelta(weeks=w, hours=1) > window.start
    ]
    assert expected and busy_rows() == expected
