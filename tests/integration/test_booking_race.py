"""Two organisers racing for one member, against a real database; and the demo's bookings.

The race tests run threads with their own app contexts (so their own sessions and
connections) against a FILE SQLite database, or PostgreSQL when TEST_DATABASE_URL names
one. A barrier starts both bookings together, and the engine call inside the booking
transaction is slowed down, so without the booking lock both would pass the check.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingAttendee
from app.services import accounts, meetings
from app.services.meetings import SlotTaken
from app.services.meetings import locks as meeting_locks
from tests.booking_helpers import (
    BERLIN,
    HALF_HOUR,
    STATUS,
    TUESDAY_10,
    TUESDAY_14,
    give_hours,
    set_limits,
)
from tests.conftest import PASSWORD, USING_POSTGRES, TestingConfig, _clear_rows, make_app


@pytest.fixture
def race_app(tmp_path):
    class RaceConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = (
            os.environ["TEST_DATABASE_URL"]
            if USING_POSTGRES
            else f"sqlite:///{tmp_path / 'race.sqlite'}"
        )
        SQLALCHEMY_ENGINE_OPTIONS = (
            {"pool_pre_ping": True}
            if USING_POSTGRES
            else {"pool_pre_ping": True, "connect_args": {"timeout": 30}}
        )

    app = make_app(RaceConfig)
    yield app
    with app.app_context():
        db.session.remove()
        if USING_POSTGRES:
            _clear_rows()
        db.engine.dispose()


def _people(app, max_per_day: int | None):
    with app.app_context():
        made = {}
        for key, name in (("ana", "Ana Lima"), ("olu", "Olu One"), ("pat", "Pat Two")):
            member = accounts.create_member(
                email=f"{key}@example.test",
                display_name=name,
                password=PASSWORD,
                time_zone=BERLIN,
                min_length=10,
            )
            give_hours(member.id)
            made[key] = member.id
        if max_per_day is not None:
            set_limits(made["ana"], max_per_day)
        return made


def _race(app, monkeypatch, attempts: list[tuple[int, datetime]], target: int, now):
    """Run the bookings in threads started together; return each one's outcome."""
    real = meeting_locks.suggest_slots

    def slow(request):  # widen the gap between the check and the insert
        time.sleep(0.3)
        return real(request)

    monkeypatch.setattr(meeting_locks, "suggest_slots", slow)
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = [""] * len(attempts)

    def attempt(index: int, organiser_id: int, start: datetime) -> None:
        with app.app_context():
            barrier.wait()
            try:
                meetings.book(
                    organiser_id,
                    STATUS,
                    start=start,
                    duration=HALF_HOUR,
                    required_ids=(target,),
                    now=now,
                )
                outcomes[index] = "booked"
            except SlotTaken as refused:
                outcomes[index] = refused.reason
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=attempt, args=(i, organiser, start))
        for i, (organiser, start) in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _booked_for(app, member_id: int) -> int:
    with app.app_context():
        query = (
            select(func.count())
            .select_from(MeetingAttendee)
            .join(Meeting)
            .where(MeetingAttendee.member_id == member_id, Meeting.status == "booked")
        )
        return db.session.scalar(query)


def test_two_bookings_race_for_the_last_meeting_of_the_day(race_app, monkeypatch, now):
    ids = _people(race_app, max_per_day=1)
    attempts = [(ids["olu"], TUESDAY_10), (ids["pat"], TUESDAY_14)]
    outcomes = _race(race_app, monkeypatch, attempts, ids["ana"], now)
    assert sorted(o == "booked" for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if o != "booked")
    assert loser.startswith("Ana Lima’s day filled up while you were choosing")
    assert _booked_for(race_app, ids["ana"]) == 1


def test_two_bookings_race_for_the_same_slot(race_app, monkeypatch, now):
    ids = _people(race_app, max_per_day=None)
    attempts = [(ids["olu"], TUESDAY_10), (ids["pat"], TUESDAY_10)]
    outcomes = _race(race_app, monkeypatch, attempts, ids["ana"], now)
    assert sorted(o == "booked" for o in outcomes) == [False, True], outcomes
    assert _booked_for(race_app, ids["ana"]) == 1


def test_the_demo_books_a_few_meetings_through_the_scheduler(app, now):
    from app import demo

    demo.seed(now=now)
    booked = list(db.session.scalars(select(Meeting).order_by(Meeting.start)))
    assert len(booked) >= 4
    assert all(now + timedelta(days=1) <= m.start < now + timedelta(days=15) for m in booked)
    for meeting in booked:
        people = {a.member_id for a in meeting.attendees}
        for member_id in people:
            assert meeting.id in {m.id for m in meetings.upcoming(member_id, now).items}
