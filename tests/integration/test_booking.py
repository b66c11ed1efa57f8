"""Booking through the services against a real database, including two bookings racing.

The race tests run threads with their own app contexts (so their own sessions and
connections) against a FILE SQLite database, or PostgreSQL when TEST_DATABASE_URL names
one. A barrier starts both bookings together, and the engine call inside the booking
transaction is slowed down, so without the booking lock both would pass the check.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import event, func, select

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.intervals import Interval
from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import BookingLock, BusyInterval, CalendarImport, Manual, Meeting, MeetingAttendee
from app.services import accounts, meetings, scheduling
from app.services.meetings import MeetingDetails, SlotTaken
from app.services.patterns import forget_cached_patterns, row_from_block
from tests.conftest import PASSWORD, USING_POSTGRES, TestingConfig, _clear_rows, make_app

BERLIN = "Europe/Berlin"
# The `now` fixture is Monday 2026-11-30 09:00 UTC; Tuesday 1 December is all ahead.
TUESDAY_10 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
TUESDAY_14 = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
HALF_HOUR = timedelta(minutes=30)
STATUS = MeetingDetails("Weekly sync", MeetingType.STATUS, "Numbers, then blockers")


def give_hours(member_id: int, start=clock(9), end=clock(17), days=range(5), extra=()) -> None:
    """A plain working pattern (plus any `extra` WeeklyBlocks), written as rows."""
    blocks = [WeeklyBlock(BlockKind.WORKING, day, start, end) for day in days]
    for block in [*blocks, *extra]:
        db.session.add(row_from_block(member_id, block))
    db.session.commit()


def set_limits(member_id: int, max_per_day: int | None, buffer_minutes: int = 0) -> None:
    db.session.add(
        Manual(
            member_id=member_id, max_meetings_per_day=max_per_day, buffer_minutes=buffer_minutes
        )
    )
    db.session.commit()


TUESDAY = Interval(TUESDAY_10 - timedelta(hours=10), TUESDAY_10 + timedelta(hours=14))


def tuesday_search(
    organiser_id: int, *people: int, now: datetime, window: Interval = TUESDAY
) -> scheduling.Found:
    query = scheduling.FindQuery(
        organiser_id, required_people=people, window=window, minimum_notice=timedelta(0)
    )
    return scheduling.find_slots(query, now)


@pytest.fixture
def ana(make_member):
    member = make_member("Ana Lima", zone=BERLIN)
    give_hours(member.id)
    return member


@pytest.fixture
def olu(make_member):
    member = make_member("Olu Organiser", zone=BERLIN)
    give_hours(member.id)
    return member


def book(organiser, *required, start=TUESDAY_10, now, optional=()):
    return meetings.book(
        organiser.id,
        STATUS,
        start=start,
        duration=HALF_HOUR,
        required_ids=tuple(m.id for m in required),
        optional_ids=tuple(m.id for m in optional),
        now=now,
    )


def test_booking_stores_the_meeting_with_every_attendee(olu, ana, make_member, now):
    bea = make_member("Bea Optional", zone="America/New_York")
    meeting = book(olu, ana, optional=[bea], now=now)
    stored = db.session.get(Meeting, meeting.id)
    assert stored.uid.endswith("@teamshape") and stored.sequence == 0
    assert (stored.start, stored.end) == (TUESDAY_10, TUESDAY_10 + HALF_HOUR)
    assert stored.status == "booked" and stored.title == "Weekly sync"
    rows = {a.member_id: a.required for a in stored.attendees}
    assert rows == {olu.id: True, ana.id: True, bea.id: False}
    assert db.session.scalar(select(func.count()).select_from(BookingLock)) == 2


def test_a_booked_meeting_is_busy_time_for_the_next_search(olu, ana, make_member, now):
    slot = Interval(TUESDAY_10, TUESDAY_10 + HALF_HOUR)
    before = tuesday_search(olu.id, ana.id, now=now, window=slot)
    assert [s.start for s in before.result.suggestions] == [TUESDAY_10]
    book(olu, ana, now=now)
    after = tuesday_search(olu.id, ana.id, now=now, window=slot)
    assert after.result.suggestions == ()
    assert any("Ana Lima has no free 30 minutes" in r for r in after.result.reasons)
    others = tuesday_search(olu.id, ana.id, now=now).result.suggestions
    assert others and not any(Interval(s.start, s.end).overlaps(slot) for s in others)


def test_a_booked_meeting_counts_toward_the_daily_limit(olu, ana, make_member, now):
    set_limits(ana.id, 1)
    book(olu, ana, now=now)
    result = tuesday_search(olu.id, ana.id, now=now).result
    assert not result.suggestions
    assert any("limit of 1 meetings" in reason for reason in result.reasons)


def test_double_booking_is_refused_with_the_persons_name(olu, ana, make_member, now):
    pat = make_member("Pat Other", zone=BERLIN)
    give_hours(pat.id)
    book(olu, ana, now=now)
    with pytest.raises(SlotTaken) as refused:
        book(pat, ana, now=now)
    assert refused.value.reason.startswith("Ana Lima’s day filled up while you were choosing")
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_the_daily_limit_is_rechecked_at_booking(olu, ana, make_member, now):
    set_limits(ana.id, 1)
    book(olu, ana, now=now)
    with pytest.raises(SlotTaken, match="Ana Lima"):
        book(olu, ana, start=TUESDAY_14, now=now)


def test_imported_busy_time_blocks_booking(olu, ana, now):
    source = CalendarImport(member_id=ana.id, source="work.ics", event_count=1)
    db.session.add(source)
    db.session.flush()
    db.session.add(
        BusyInterval(
            import_id=source.id,
            member_id=ana.id,
            start=TUESDAY_10 - timedelta(minutes=15),
            end=TUESDAY_10 + timedelta(minutes=15),
        )
    )
    db.session.commit()
    with pytest.raises(SlotTaken, match="Ana Lima"):
        book(olu, ana, now=now)


def test_optional_attendees_never_block_a_booking(olu, ana, make_member, now):
    away = make_member("Kai Away", zone="Pacific/Auckland")  # no working hours at all
    meeting = book(olu, ana, optional=[away], now=now)
    assert {a.member_id for a in meeting.attendees} == {olu.id, ana.id, away.id}


def test_booking_refuses_bad_details_and_past_times(olu, ana, now):
    with pytest.raises(DomainError) as blank:
        meetings.book(
            olu.id,
            MeetingDetails("  ", MeetingType.STATUS),
            start=TUESDAY_10,
            duration=HALF_HOUR,
            required_ids=(ana.id,),
            now=now,
        )
    assert blank.value.field == "title"
    with pytest.raises(DomainError) as past:
        book(olu, ana, start=now - timedelta(hours=1), now=now)
    assert past.value.field == "start"
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def batch_request(organiser, *required, start=TUESDAY_10, title="Weekly sync"):
    return meetings.BookingRequest(
        organiser.id,
        MeetingDetails(title, MeetingType.STATUS),
        start,
        HALF_HOUR,
        scheduling.Invitees((organiser.id, *(m.id for m in required)), ()),
    )


def meeting_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting))


def test_a_batch_is_booked_in_order_in_one_go(olu, ana, make_member, now):
    pat = make_member("Pat Other", zone=BERLIN)
    give_hours(pat.id)
    first = batch_request(olu, ana, title="First")
    second = batch_request(olu, pat, start=TUESDAY_14, title="Second")
    booked = meetings.book_many([first, second], now)
    assert [m.title for m in booked] == ["First", "Second"]
    assert {a.member_id for a in booked[1].attendees} == {olu.id, pat.id}
    assert meeting_count() == 2
    locks = db.session.scalars(select(BookingLock.member_id).order_by(BookingLock.member_id))
    assert list(locks) == sorted([olu.id, ana.id, pat.id])


def test_a_batch_sees_its_own_earlier_meetings_and_books_nothing_if_one_clashes(
    olu, ana, make_member, now
):
    pat = make_member("Pat Other", zone=BERLIN)
    give_hours(pat.id)
    clash = batch_request(pat, ana, title="Clash")
    with pytest.raises(SlotTaken) as refused:
        meetings.book_many([batch_request(olu, ana), clash], now)
    assert refused.value.request == clash
    assert refused.value.reason.startswith("Ana Lima’s day filled up")
    assert meeting_count() == 0


def test_a_batch_counts_its_own_meetings_toward_the_daily_limit(olu, ana, now):
    set_limits(ana.id, 1)
    later = batch_request(olu, ana, start=TUESDAY_14)
    with pytest.raises(SlotTaken, match="Ana Lima") as refused:
        meetings.book_many([batch_request(olu, ana), later], now)
    assert refused.value.request == later
    assert meeting_count() == 0


def test_a_batch_refuses_a_past_slot_before_anything_is_stored(olu, ana, now):
    past = batch_request(olu, ana, start=now - timedelta(hours=1))
    with pytest.raises(DomainError) as refused:
        meetings.book_many([batch_request(olu, ana), past], now)
    assert refused.value.field == "start"
    assert meeting_count() == 0
    assert db.session.scalar(select(func.count()).select_from(BookingLock)) == 0


def test_writing_meetings_without_lock_rows_is_refused(olu, ana, now):
    with pytest.raises(RuntimeError, match="ensure_lock_rows"):
        meetings.write_meetings([batch_request(olu, ana)], now)
    db.session.rollback()
    assert meeting_count() == 0


def test_reschedule_keeps_the_uid_and_raises_the_sequence(olu, ana, now):
    meeting = book(olu, ana, now=now)
    uid = meeting.uid
    # The new slot overlaps the old one: the meeting does not block itself.
    new_start = TUESDAY_10 + timedelta(minutes=15)
    moved = meetings.reschedule(olu.id, meeting.id, start=new_start, now=now)
    assert (moved.uid, moved.sequence, moved.start) == (uid, 1, new_start)
    assert moved.end == new_start + HALF_HOUR


def test_reschedule_into_a_taken_slot_is_refused(olu, ana, make_member, now):
    pat = make_member("Pat Other", zone=BERLIN)
    give_hours(pat.id)
    book(pat, ana, start=TUESDAY_14, now=now)
    meeting = book(olu, ana, now=now)
    with pytest.raises(SlotTaken, match="Ana Lima"):
        meetings.reschedule(olu.id, meeting.id, start=TUESDAY_14, now=now)
    assert db.session.get(Meeting, meeting.id).sequence == 0


def test_only_the_organiser_changes_a_meeting_and_only_people_in_it_see_it(
    olu, ana, make_member, now
):
    stranger = make_member("Sam Stranger")
    meeting = book(olu, ana, now=now)
    assert meetings.get_meeting(ana.id, meeting.id).id == meeting.id
    with pytest.raises(NotFound):
        meetings.get_meeting(stranger.id, meeting.id)
    with pytest.raises(NotAllowed):
        meetings.reschedule(ana.id, meeting.id, start=TUESDAY_14, now=now)
    with pytest.raises(NotAllowed):
        meetings.cancel(ana.id, meeting.id, now=now)
    with pytest.raises(NotFound):
        meetings.cancel(stranger.id, meeting.id, now=now)


def test_cancel_frees_the_time_and_raises_the_sequence(olu, ana, now):
    set_limits(ana.id, 1)
    meeting = book(olu, ana, now=now)
    cancelled = meetings.cancel(olu.id, meeting.id, now=now)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert meetings.upcoming(ana.id, now).items == []
    book(olu, ana, start=TUESDAY_14, now=now)  # the day has room again
    with pytest.raises(DomainError, match="cancelled"):
        meetings.cancel(olu.id, meeting.id, now=now)


def test_upcoming_lists_future_booked_meetings_soonest_first(olu, ana, now):
    later = book(olu, ana, start=TUESDAY_14, now=now)
    sooner = book(olu, ana, now=now)
    for member in (olu, ana):
        assert [m.id for m in meetings.upcoming(member.id, now).items] == [sooner.id, later.id]
    after_both = TUESDAY_14 + timedelta(hours=1)
    assert meetings.upcoming(ana.id, after_both).items == []


def test_search_uses_a_constant_number_of_queries(olu, make_member, now):
    organiser_id = olu.id

    def count_queries(people: list[int]) -> int:
        forget_cached_patterns()  # the worst case: no pattern read before
        statements = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            tuesday_search(organiser_id, *people, now=now)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    people = []
    for n in range(10):
        person = make_member(f"Person {n}", zone=BERLIN)
        give_hours(person.id)
        book(person, start=TUESDAY_14 + timedelta(hours=n % 3), now=now)
        people.append(person.id)
    assert count_queries(people[:2]) == count_queries(people) <= 10


def test_teams_expand_into_people_and_names_beat_teams(olu, ana, make_member, make_team, now):
    bea = make_member("Bea Team", zone=BERLIN)
    team = make_team("Design", ana, bea, olu)
    query = scheduling.FindQuery(olu.id, required_people=(bea.id,), optional_teams=(team.id,))
    invitees = scheduling.resolve_invitees(query)
    assert invitees.required == (olu.id, bea.id)
    assert invitees.optional == (ana.id,)
    # A required team with one member picked by name as optional.
    query = scheduling.FindQuery(olu.id, optional_people=(bea.id,), required_teams=(team.id,))
    invitees = scheduling.resolve_invitees(query)
    assert invitees.required == (olu.id, ana.id)
    assert invitees.optional == (bea.id,)
    # The organiser stays required whatever is picked.
    query = scheduling.FindQuery(olu.id, optional_people=(olu.id,), optional_teams=(team.id,))
    assert scheduling.resolve_invitees(query).required == (olu.id,)


# --- two organisers racing for one member -------------------------------------------


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
    real = meetings.suggest_slots

    def slow(request):  # widen the gap between the check and the insert
        time.sleep(0.3)
        return real(request)

    monkeypatch.setattr(meetings, "suggest_slots", slow)
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
