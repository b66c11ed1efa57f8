"""Refreshing subscriptions from a loopback calendar host: busy time arrives, a 304
changes nothing, a changed file replaces it, every failure keeps the last good busy
time with a plain message and backs off, and two workers never refresh at once.
The scheduler then avoids that busy time and notes calendars read too long ago.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.intervals import Interval
from app.extensions import db
from app.models import BusyInterval, CalendarConnection
from app.services import calendar_refresh, live_calendars, scheduling
from tests.calendar_helpers import NOW, give_week, office_week
from tests.live_calendar_helpers import RunningHost, settings, single_ics, weekly_ics

SETTINGS = settings(timeout=1)
TUESDAY_10_UTC = datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.fixture
def host():
    with RunningHost() as running:
        yield running


def subscribe(member_id: int, url: str) -> int:
    return live_calendars.add_subscription(member_id, url, "Work", NOW, SETTINGS.policy)


def busy_of(connection_id: int) -> list[tuple[datetime, datetime]]:
    rows = db.session.execute(
        select(BusyInterval.start, BusyInterval.end)
        .where(BusyInterval.connection_id == connection_id)
        .order_by(BusyInterval.start)
    )
    return [tuple(r) for r in rows]


def connection(connection_id: int) -> CalendarConnection:
    db.session.expire_all()
    return db.session.get(CalendarConnection, connection_id)


def test_busy_time_arrives_and_titles_are_not_kept(member, host):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC, weeks=3, title="Secret board"))
    cid = subscribe(member.id, url)
    outcome = calendar_refresh.refresh(cid, NOW, SETTINGS)
    assert outcome.changed and outcome.error is None
    assert busy_of(cid) == [
        (TUESDAY_10_UTC + timedelta(weeks=w), TUESDAY_10_UTC + timedelta(weeks=w, hours=1))
        for w in range(3)
    ]
    row = connection(cid)
    assert row.last_success_at == NOW and row.next_try_at == NOW + timedelta(minutes=15)
    assert row.etag and row.event_count == 1 and row.busy_count == 3
    assert "Secret board" not in repr(db.session.execute(select(BusyInterval)).all())


def test_a_304_changes_nothing_and_a_changed_file_replaces(member, host):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC, weeks=2))
    cid = subscribe(member.id, url)
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    ids_before = db.session.scalars(
        select(BusyInterval.id).where(BusyInterval.connection_id == cid)
    ).all()
    later = NOW + timedelta(minutes=20)
    assert calendar_refresh.refresh(cid, later, SETTINGS).changed is False
    assert host.requests[-1][1]["If-None-Match"] == connection(cid).etag
    ids_after = db.session.scalars(
        select(BusyInterval.id).where(BusyInterval.connection_id == cid)
    ).all()
    assert ids_after == ids_before  # not even rewritten
    assert connection(cid).last_success_at == later

    moved = TUESDAY_10_UTC + timedelta(hours=3)
    host.serve("/work.ics", single_ics(moved, moved + timedelta(minutes=30)))
    assert calendar_refresh.refresh(cid, later + timedelta(minutes=20), SETTINGS).changed
    assert busy_of(cid) == [(moved, moved + timedelta(minutes=30))]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"body": b"", "status": 500}, "The server answered 500"),
        ({"body": b"", "delay": 1.6}, "did not answer within 1 seconds"),
        ({"body": b"BEGIN:VCALENDAR\r\n" + b"X" * (20 * 1024 * 1024)}, "larger than the 2 MB"),
        ({"body": b"\x89PNG garbage \x00\x01"}, "did not send a calendar"),
        ({"body": b"<!doctype html><p>Sign in", "content_type": "text/html"}, "web page"),
        (
            {"body": b"<!doctype html><p>Sign in", "content_type": "text/plain"},
            "did not send a calendar",
        ),
        ({"body": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026"}, "damaged"),
    ],
)
def test_failures_keep_the_last_good_busy_time(member, host, answer, message):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC, weeks=2))
    cid = subscribe(member.id, url)
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    good = busy_of(cid)
    host.answers["/work.ics"] = type(host.answers["/work.ics"])(**answer)
    later = NOW + timedelta(minutes=20)
    outcome = calendar_refresh.refresh(cid, later, SETTINGS)
    assert message in outcome.error
    assert busy_of(cid) == good
    row = connection(cid)
    assert message in row.last_error and row.failures == 1
    assert row.last_success_at == NOW and row.next_try_at == later + timedelta(minutes=5)
    assert row.claimed_until is None


def test_back_off_grows_then_a_success_resets_it(member, host):
    url = host.serve("/work.ics", b"", status=503)
    cid = subscribe(member.id, url)
    at = NOW
    waits = []
    for _ in range(4):
        calendar_refresh.refresh(cid, at, SETTINGS)
        row = connection(cid)
        waits.append(row.next_try_at - at)
        at = row.next_try_at
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC))
    calendar_refresh.refresh(cid, at, SETTINGS)
    row = connection(cid)
    assert row.failures == 0 and row.last_error is None


def test_a_claimed_connection_is_not_refreshed_twice(member, host):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC))
    cid = subscribe(member.id, url)
    token = calendar_refresh.claim(cid, NOW)
    assert token is not None
    assert calendar_refresh.claim(cid, NOW) is None
    assert calendar_refresh.refresh(cid, NOW, SETTINGS) is None
    assert host.requests == []  # the second worker did not even fetch
    # a claim whose lease ran out (its worker died) can be taken over
    assert calendar_refresh.claim(cid, NOW + calendar_refresh.LEASE + timedelta(seconds=1))


def test_a_worker_whose_claim_was_taken_over_saves_nothing(member, host):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC))
    cid = subscribe(member.id, url)
    stale = calendar_refresh.claim(cid, NOW)
    calendar_refresh.claim(cid, NOW + calendar_refresh.LEASE + timedelta(seconds=1))
    read = calendar_refresh._Read(None)
    assert calendar_refresh._save_success(cid, stale, read, NOW, SETTINGS) is None
    assert connection(cid).last_success_at is None


def test_the_periodic_claim_takes_due_connections_once(member, make_member, host):
    url = host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC))
    first = subscribe(member.id, url)
    second = subscribe(make_member("Priya").id, url)
    token, claimed = calendar_refresh.claim_due(NOW)
    assert claimed == [first, second]
    assert calendar_refresh.claim_due(NOW + timedelta(minutes=1))[1] == []  # still claimed
    assert calendar_refresh.refresh(first, NOW, SETTINGS) is None  # someone else's claim
    assert calendar_refresh.refresh(first, NOW, SETTINGS, token).changed  # the claimer's
    assert len(host.requests) == 1
    later = NOW + calendar_refresh.LEASE + timedelta(minutes=6)
    assert calendar_refresh.claim_due(later)[1] == [second, first]  # lease over; first due


def test_a_stale_periodic_claim_saves_nothing(member, host):
    cid = subscribe(member.id, host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC)))
    token, _ = calendar_refresh.claim_due(NOW)
    calendar_refresh.claim(cid, NOW + calendar_refresh.LEASE + timedelta(seconds=1))
    assert calendar_refresh.refresh(cid, NOW, SETTINGS, token) is None
    assert busy_of(cid) == []


def test_removing_a_connection_removes_its_busy_time(member, host):
    cid = subscribe(member.id, host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC)))
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    live_calendars.remove(member.id, cid)
    assert db.session.scalar(select(func.count(BusyInterval.id))) == 0


def test_a_refused_address_is_refused_when_added(member):
    from app.domain.errors import DomainError

    with pytest.raises(DomainError, match="loopback"):
        live_calendars.add_subscription(
            member.id, "http://127.0.0.1/x.ics", None, NOW, settings(allow_loopback=False).policy
        )
    assert db.session.scalar(select(func.count(CalendarConnection.id))) == 0


def find(organiser, *people, now=NOW):
    query = scheduling.FindQuery(
        organiser.id,
        required_people=tuple(p.id for p in people),
        window=Interval(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)),
        minimum_notice=timedelta(0),
    )
    return scheduling.find_slots(query, now)


def test_the_scheduler_avoids_subscribed_busy_time(member, make_member, host):
    priya = make_member("Priya Patel")
    give_week(member.id, office_week())
    give_week(priya.id, office_week())
    # Priya is busy 09:00-16:00 UTC (10:00-17:00 Berlin): only 08:00-09:00 UTC is left.
    busy_start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    cid = subscribe(
        priya.id, host.serve("/p.ics", single_ics(busy_start, busy_start + timedelta(hours=7)))
    )
    before = find(member, priya).result.suggestions
    assert any(s.start >= busy_start for s in before)
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    after = find(member, priya).result.suggestions
    assert after and all(s.end <= busy_start for s in after)


def test_stale_notes_name_people_whose_calendar_is_old(member, make_member, host):
    priya = make_member("Priya Patel")
    cid = subscribe(priya.id, host.serve("/p.ics", weekly_ics(TUESDAY_10_UTC)))
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    period = timedelta(minutes=15)
    assert (
        live_calendars.stale_notes([member.id, priya.id], NOW + timedelta(minutes=29), period)
        == []
    )
    notes = live_calendars.stale_notes([member.id, priya.id], NOW + timedelta(hours=3), period)
    assert notes == [
        "Priya Patel's calendar was last read 3 hours ago, so newer events there are not "
        "taken into account."
    ]


def test_refreshes_leave_the_data_version_alone(member, host):
    from app.services import data_version

    cid = subscribe(member.id, host.serve("/work.ics", weekly_ics(TUESDAY_10_UTC)))
    db.session.rollback()
    before = data_version.current(db.session)
    db.session.rollback()
    calendar_refresh.refresh(cid, NOW, SETTINGS)
    host.serve("/work.ics", b"", status=500)
    calendar_refresh.refresh(cid, NOW + timedelta(minutes=20), SETTINGS)
    db.session.rollback()
    assert data_version.current(db.session) == before
