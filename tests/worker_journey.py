"""The journey both real-worker tests run (SQLite queue and Redis queue): a subscription
added in this process is refreshed by a `teamshape worker` process, and a change on
the calendar host arrives after "Refresh now" queues another refresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.models import BusyInterval, CalendarConnection
from app.services import accounts, live_calendars
from tests.live_calendar_helpers import (
    RunningHost,
    WorkerProcess,
    settings,
    single_ics,
    wait_until,
)


def busy_rows():
    db.session.rollback()  # see the worker's commits
    return db.session.execute(select(BusyInterval.start, BusyInterval.end)).all()


def run_journey(database_url: str, queue_url: str, log_path) -> None:
    member = accounts.create_member(
        email="wanda@example.test",
        display_name="Wanda Worker",
        password="correct horse battery",
        time_zone="UTC",
        min_length=10,
    )
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=UTC)
    worker = WorkerProcess(database_url, queue_url, log_path)
    try:
        with RunningHost() as host:
            url = host.serve("/c.ics", single_ics(start, start + timedelta(hours=1)))
            now = datetime.now(UTC)
            cid = live_calendars.add_subscription(member.id, url, None, now, settings().policy)
            tasks.enqueue_refresh(cid)
            assert wait_until(busy_rows) == [(start, start + timedelta(hours=1))]
            moved = start + timedelta(hours=4)
            host.serve("/c.ics", single_ics(moved, moved + timedelta(hours=2)))
            live_calendars.request_refresh(member.id, cid, datetime.now(UTC))
            tasks.enqueue_refresh(cid)
            wait_until(lambda: busy_rows() == [(moved, moved + timedelta(hours=2))])
            db.session.rollback()
            row = db.session.get(CalendarConnection, cid)
            assert row.last_error is None and row.claimed_until is None
    finally:
        worker.stop()
    assert "Traceback" not in worker.output(), worker.output()
