"""Booking through the services against a real database: refusals, batches, changes.

The races between two organisers are in `test_booking_race.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.intervals import Interval
from app.domain.scheduling import MeetingType
from app.extensions import db
from app.models import BookingLock, BusyInterval, CalendarImport, Meeting
from app.services import data_version, meetings, scheduling
from app.services.meetings import MeetingDetails, SlotTaken
from app.services.patterns import forget_cached_patterns
from tests.booking_helpers import (
    BERLIN,
    HALF_HOUR,
    STATUS,
    TUESDAY_10,
    TUESDAY_14,
    give_hours,
    set_limits,
)

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

    def count_queries(people: list[int], cold: bool = True) -> int:
        if cold:
            forget_cached_patterns()  # the worst case: no pattern read before
        data_version.current(db.session)  # read with the signed-in member in a request
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
    # The same search again in this data version: only busy time is read (live calendar
    # refreshes change it without raising the version), in one query: the stamps, and
    # the rows of members without one (these test members).
    assert count_queries(people, cold=False) == 1


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
