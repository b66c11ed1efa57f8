"""What happens when things go wrong, and when refreshes come in batches.

- A refresh that keeps failing waits 5 minutes, then twice as long each time, and never
  longer than the cap.
- A batch (`refresh_many`, how the periodic pass hands out work) saves each success
  whole, each failure on its own, and nothing for a connection whose claim was lost;
  a batch whose save fails replaces nobody's busy time (none half-replaced).
- A write-back that fails is recorded on the Calendar page and retried by the queue;
  the retry that succeeds clears the message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import tasks
from app.domain.calendar.live import KIND_CALDAV
from app.extensions import db
from app.models import BusyInterval, CalendarConnection
from app.services import busy_time, caldav_access, calendar_refresh, calendar_secrets, meetings
from app.services.safe_fetch import FetchFailed
from tests.calendar_helpers import NOW, give_week, office_week
from tests.integration.test_calendar_refresh import (
    SETTINGS,
    TUESDAY_10_UTC,
    busy_of,
    connection,
    subscribe,
)
from tests.live_calendar_helpers import RunningHost, weekly_ics


@pytest.fixture
def host():
    with RunningHost() as running:
        yield running


def test_back_off_doubles_from_five_minutes_up_to_the_cap(member, host):
    cid = subscribe(member.id, host.serve("/down.ics", b"", status=503))
    at, waits = NOW, []
    for _ in range(9):
        outcome = calendar_refresh.refresh(cid, at, SETTINGS)
        assert "503" in outcome.error
        row = connection(cid)
        waits.append(row.next_try_at - at)
        at = row.next_try_at
    cap = SETTINGS.retry_cap
    assert waits == [timedelta(minutes=5 * 2**n) for n in range(7)] + [cap, cap]
    assert connection(cid).failures == 9


def test_a_batch_saves_successes_failures_and_skips_lost_claims(member, make_member, host):
    good = subscribe(member.id, host.serve("/good.ics", weekly_ics(TUESDAY_10_UTC, weeks=2)))
    bad = subscribe(make_member("Priya").id, host.serve("/bad.ics", weekly_ics(TUESDAY_10_UTC)))
    lost = subscribe(make_member("Ana").id, host.serve("/lost.ics", weekly_ics(TUESDAY_10_UTC)))
    calendar_refresh.refresh(bad, NOW - timedelta(hours=1), SETTINGS)
    kept = busy_of(bad)
    host.serve("/bad.ics", b"", status=500)
    token, claimed = calendar_refresh.claim_due(NOW)
    assert sorted(claimed) == [good, bad, lost]
    calendar_refresh.claim(lost, NOW + calendar_refresh.LEASE + timedelta(seconds=1))
    outcomes = calendar_refresh.refresh_many([good, bad, lost], NOW, SETTINGS, token)
    assert outcomes[0].changed and outcomes[0].error is None
    assert "500" in outcomes[1].error and busy_of(bad) == kept
    assert outcomes[2] is None and busy_of(lost) == []
    assert len(busy_of(good)) == 2 and connection(good).claimed_until is None
    again = calendar_refresh.refresh_many([good], NOW + timedelta(minutes=15), SETTINGS, token)
    assert again == [None]  # the claim ended with the save


def test_a_batch_whose_save_fails_replaces_nobody_s_busy_time(
    member, make_member, host, monkeypatch
):
    first = subscribe(member.id, host.serve("/a.ics", weekly_ics(TUESDAY_10_UTC, weeks=2)))
    second = subscribe(make_member("Priya").id, host.serve("/b.ics", weekly_ics(TUESDAY_10_UTC)))
    calendar_refresh.refresh(first, NOW - timedelta(hours=1), SETTINGS)
    calendar_refresh.refresh(second, NOW - timedelta(hours=1), SETTINGS)
    before = {first: busy_of(first), second: busy_of(second)}
    host.serve("/a.ics", weekly_ics(TUESDAY_10_UTC + timedelta(hours=2), weeks=4))
    host.serve("/b.ics", weekly_ics(TUESDAY_10_UTC + timedelta(hours=3), weeks=4))

    def broken(member_id: int) -> None:
        raise RuntimeError("the database went away mid-save")

    monkeypatch.setattr(busy_time, "renew", broken)
    token, claimed = calendar_refresh.claim_due(NOW + timedelta(minutes=15))
    with pytest.raises(RuntimeError):
        calendar_refresh.refresh_many(claimed, NOW + timedelta(minutes=15), SETTINGS, token)
    db.session.rollback()
    assert {first: busy_of(first), second: busy_of(second)} == before
    count = db.session.scalar(select(db.func.count(BusyInterval.id)))
    assert count == len(before[first]) + len(before[second])


@pytest.fixture
def no_scheduled_tasks():
    tasks.huey.storage.flush_schedule()
    yield
    tasks.huey.storage.flush_schedule()


def an_hour_later() -> datetime:
    """An hour from now as huey counts time (naive; UTC unless it was told otherwise)."""
    now = datetime.now(UTC).replace(tzinfo=None) if tasks.huey.utc else datetime.now()
    return now + timedelta(hours=1)


def due_retries(when: datetime) -> list:
    """Take the queue's scheduled tasks due by `when` (huey keeps retries there)."""
    return tasks.huey.read_schedule(when)


def test_a_failed_write_back_is_shown_then_retried_until_it_succeeds(
    member_client, member, make_member, monkeypatch, no_scheduled_tasks
):
    give_week(member.id, office_week("UTC"))
    ana = make_member("Ana Lima", zone="UTC")
    give_week(ana.id, office_week("UTC"))
    secret = {"url": "http://127.0.0.1:9/dav/", "username": "mo", "password": "app-pass-771"}
    row = CalendarConnection(
        member_id=member.id,
        kind=KIND_CALDAV,
        label="Fastmail",
        shown_as="http://127.0.0.1:9/…",
        secret=calendar_secrets.seal(secret),
        write_back=True,
        write_calendar_url="http://127.0.0.1:9/dav/mo/personal/",
        next_try_at=NOW + timedelta(days=1),
    )
    db.session.add(row)
    db.session.commit()
    sent: list[str] = []

    def flaky(login, calendar_url, uid, ics, policy) -> None:
        if not sent:
            sent.append("refused")
            raise FetchFailed("The CalDAV server 127.0.0.1 could not be reached.")
        sent.append(uid)

    monkeypatch.setattr(caldav_access, "put_event", flaky)
    from app.domain.scheduling import MeetingType
    from app.services.meetings import MeetingDetails

    day = datetime.now(UTC).date() + timedelta(days=2)
    booked = meetings.book(
        ana.id,
        MeetingDetails("Budget", MeetingType.DECISION, ""),
        start=datetime(day.year, day.month, day.day, 13, tzinfo=UTC),
        duration=timedelta(minutes=30),
        required_ids=(member.id,),
        now=datetime.now(UTC),
    )
    assert booked.id is not None and sent == ["refused"]  # booked all the same
    page = member_client.get("/calendar/live").data.decode()
    assert "“Budget” could not be written to your calendar" in page
    assert "app-pass-771" not in page

    later = an_hour_later()
    retries = due_retries(later)
    assert [t.name for t in retries] == ["write_back"] and retries[0].retries == 2
    for task in retries:
        tasks.huey.execute(task, later)
    assert sent == ["refused", booked.uid]
    assert due_retries(later) == []  # it succeeded: nothing more is scheduled
    db.session.expire_all()
    assert db.session.get(CalendarConnection, row.id).write_error is None
    assert "could not be written" not in member_client.get("/calendar/live").data.decode()
