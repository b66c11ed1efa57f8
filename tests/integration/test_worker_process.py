"""A real `teamshape worker` process (huey consumer, SQLite queue storage) refreshes a
subscription queued by this process; and the periodic pass queues due connections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.models import BusyInterval
from app.services import live_calendars
from config import TestingConfig
from tests.conftest import USING_POSTGRES, dispose_app, make_app
from tests.live_calendar_helpers import RunningHost, settings, single_ics
from tests.worker_journey import run_journey


@pytest.fixture
def queued_app(tmp_path):
    """The app with a real SQLite queue (not immediate) on a database a worker can share."""
    database = (
        TestingConfig.SQLALCHEMY_DATABASE_URI
        if USING_POSTGRES
        else f"sqlite:///{tmp_path / 'app.sqlite'}"
    )

    class QueuedConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database
        TASKS_IMMEDIATE = False
        TASK_QUEUE_URL = f"sqlite:///{tmp_path / 'tasks.sqlite'}"

    application = make_app(QueuedConfig)
    with application.app_context():
        yield application, database
    dispose_app(application)


def test_a_worker_process_refreshes_through_the_sqlite_queue(queued_app, tmp_path):
    app, database = queued_app
    run_journey(database, app.config["TASK_QUEUE_URL"], tmp_path / "worker.log")


def test_the_periodic_pass_refreshes_due_connections(member):
    """Immediate mode: the periodic task, called as the consumer's scheduler would, refreshes
    what is due and leaves what is not."""
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=UTC)
    with RunningHost() as host:
        url = host.serve("/c.ics", single_ics(start, start + timedelta(hours=1)))
        now = datetime.now(UTC)
        due = live_calendars.add_subscription(member.id, url, None, now, settings().policy)
        later = live_calendars.add_subscription(
            member.id, url, "later", now + timedelta(hours=1), settings().policy
        )
        tasks.refresh_due_connections.call_local()
    rows = db.session.execute(select(BusyInterval.connection_id)).scalars().all()
    assert rows == [due] and later not in rows
