"""Feed, invitation and import services against the database.

Tokens: at least 128 bits, stored hashed, regenerate and revoke kill the old URL.
Feeds: what each kind of block becomes, no routine ever named, stable UIDs and bytes,
SEQUENCE and DTSTAMP that move only on change. Invitations: UID kept and SEQUENCE
raised on reschedule, a cancelled version on cancel. Imports: replaced per source in
one transaction, refused files change nothing, titles never stored.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.domain.calendar import CalendarImportError
from app.domain.errors import DomainError, NotFound
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import BusyInterval, CalendarImport, FeedToken
from app.services import calendar_import, feeds, invites_ics, meetings, teams
from tests.calendar_helpers import (
    BAD_FILES,
    EVERYTHING_BUSY,
    NOW,
    PRIVATE_ROUTINE,
    PUBLIC_ROUTINE,
    SECRET_TITLE,
    book,
    check_structure,
    events_by_uid,
    everything_calendar,
    give_week,
    office_week,
    one_event_calendar,
    routines_week,
    utc,
)

IMPORT = {"now": NOW, "weeks": 8, "max_bytes": 2 * 1024 * 1024}


@pytest.fixture
def mo(member):
    give_week(member.id, routines_week())
    return member


@pytest.fixture
def ana(make_member):
    person = make_member("Ana Lima", email="ana@example.test")
    give_week(person.id, office_week())
    return person


def summaries(body: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]


# --- tokens ----------------------------------------------------------------------------


def test_a_token_has_at_least_128_bits_and_only_its_hash_is_stored(mo):
    token = feeds.turn_on_personal(mo.id, NOW)
    assert len(token) >= 22  # URL-safe base64: 22 characters carry 128 bits
    row = db.session.scalar(select(FeedToken))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr([getattr(row, c.key) for c in FeedToken.__table__.columns])
    assert feeds.personal_feed(token, NOW).body.startswith(b"BEGIN:VCALENDAR")


def test_wrong_revoked_and_regenerated_tokens_are_not_found(mo):
    first = feeds.turn_on_personal(mo.id, NOW)
    with pytest.raises(NotFound):
        feeds.personal_feed(first[:-1] + ("A" if first[-1] != "A" else "B"), NOW)
    feed_id = feeds.active_feeds(mo.id)[0].id
    second = feeds.regenerate(mo.id, feed_id, NOW)
    with pytest.raises(NotFound):
        feeds.personal_feed(first, NOW)
    assert feeds.personal_feed(second, NOW).body
    feeds.revoke(mo.id, feeds.active_feeds(mo.id)[0].id, NOW)
    with pytest.raises(NotFound):
        feeds.personal_feed(second, NOW)
    assert feeds.active_feeds(mo.id) == []


def test_turning_on_again_replaces_the_old_address(mo):
    first = feeds.turn_on_personal(mo.id, NOW)
    second = feeds.turn_on_personal(mo.id, NOW)
    with pytest.raises(NotFound):
        feeds.personal_feed(first, NOW)
    assert feeds.personal_feed(second, NOW).body
    assert len(feeds.active_feeds(mo.id)) == 1


def test_a_personal_token_does_not_open_a_team_feed_or_someone_elses_feed(mo, ana):
    token = feeds.turn_on_personal(mo.id, NOW)
    with pytest.raises(NotFound):
        feeds.team_feed(token, NOW)
    with pytest.raises(NotFound):
        feeds.regenerate(ana.id, feeds.active_feeds(mo.id)[0].id, NOW)
    with pytest.raises(NotFound):
        feeds.revoke(ana.id, feeds.active_feeds(mo.id)[0].id, NOW)


def test_a_deactivated_member_s_feed_is_gone(mo):
    token = feeds.turn_on_personal(mo.id, NOW)
    mo.active = False
    db.session.commit()
    with pytest.raises(NotFound):
        feeds.personal_feed(token, NOW)


# --- the personal feed -----------------------------------------------------------------


def test_personal_feed_holds_free_hours_focus_unavailable_and_meetings(mo, ana):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    token = feeds.turn_on_personal(mo.id, NOW)
    body = feeds.personal_feed(token, NOW).body
    calendar = check_structure(body)
    events = list(calendar.walk("VEVENT"))
    open_ = [e for e in events if e["SUMMARY"] == "Open for meetings"]
    assert open_ and all(e["TRANSP"] == "TRANSPARENT" for e in open_)
    assert all(str(e["DTSTART"].params["TZID"]) == "Europe/Berlin" for e in open_)
    monday = [e for e in open_ if "MO" in e["RRULE"]["BYDAY"]]
    assert [e.decoded("DTSTART").hour for e in monday] == [11]  # focus 09-11 taken out
    tuesday = sorted(e.decoded("DTSTART").hour for e in open_ if "TU" in e["RRULE"]["BYDAY"])
    assert tuesday == [9, 11]  # the routine 10-11 taken out
    focus = [e for e in events if e["SUMMARY"] == "Focus time"]
    assert len(focus) == 1 and focus[0]["TRANSP"] == "OPAQUE"
    unavailable = [e for e in events if e["SUMMARY"] == "Unavailable"]
    assert len(unavailable) == 2 and all(e["TRANSP"] == "OPAQUE" for e in unavailable)
    booked = [e for e in events if str(e["UID"]) == meeting.uid]
    assert booked[0]["SUMMARY"] == "Plan" and booked[0].decoded("DTSTART") == utc(2026, 12, 1, 13)
    text = body.decode()
    assert "X-WR-CALNAME:Teamshape: Mo Member" in text
    assert "X-WR-TIMEZONE:Europe/Berlin" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text


def test_no_routine_is_named_in_any_export(mo, ana, make_team):
    team = make_team("Platform", mo, ana)
    meeting = book(ana.id, mo.id, start=utc(2026, 12, 1, 13))
    bodies = [
        feeds.personal_feed(feeds.turn_on_personal(mo.id, NOW), NOW).body,
        feeds.team_feed(feeds.turn_on_team(ana.id, team.id, "Asia/Tokyo", NOW), NOW).body,
        feeds.download_personal(mo.id, NOW).body,
        invites_ics.invite_file(mo.id, meeting.id).body,
    ]
    for body in bodies:
        assert PRIVATE_ROUTINE.encode() not in body
        assert PUBLIC_ROUTINE.encode() not in body


def test_cancelled_and_far_away_meetings_stay_out(mo, ana):
    kept = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    cancelled = book(mo.id, ana.id, start=utc(2026, 12, 2, 13))
    meetings.cancel(mo.id, cancelled.id, now=NOW)
    token = feeds.turn_on_personal(mo.id, NOW)
    uids = set(events_by_uid(feeds.personal_feed(token, NOW).body))
    assert kept.uid in uids and cancelled.uid not in uids
    later = NOW + feeds.PAST + timedelta(days=2)  # the kept meeting is now over 30 days old
    assert kept.uid not in events_by_uid(feeds.personal_feed(token, later).body)


def test_repeated_builds_give_the_same_bytes_and_uids(mo):
    token = feeds.turn_on_personal(mo.id, NOW)
    first = feeds.personal_feed(token, NOW)
    second = feeds.personal_feed(token, NOW + timedelta(hours=5))
    assert first.body == second.body and first.etag == second.etag
    assert first.last_modified == second.last_modified == NOW


def test_a_change_keeps_uids_raises_sequence_and_moves_dtstamp(mo):
    token = feeds.turn_on_personal(mo.id, NOW)
    before = events_by_uid(feeds.personal_feed(token, NOW).body)
    later = NOW + timedelta(days=1)
    # Friday's hours now end at 18:00 instead of 17:00.
    pattern = routines_week()
    blocks = tuple(
        WeeklyBlock(b.kind, b.weekday, b.start, b.end.replace(hour=18))
        if b.kind is BlockKind.WORKING and b.weekday == 4
        else b
        for b in pattern.blocks
    )
    give_week(mo.id, type(pattern)(pattern.zone, blocks), later)
    served = feeds.personal_feed(token, later + timedelta(minutes=1))
    after = events_by_uid(served.body)
    assert set(before) == set(after)
    for uid, event in after.items():
        assert event["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
        assert event.decoded("DTSTAMP") == later + timedelta(minutes=1)
    assert served.last_modified == later + timedelta(minutes=1)
    friday = [e for e in after.values() if "FR" in e["RRULE"]["BYDAY"]]
    assert friday[0].decoded("DTEND").hour == 18


def test_a_regenerated_token_keeps_the_sequence(mo):
    token = feeds.turn_on_personal(mo.id, NOW)
    feeds.personal_feed(token, NOW)
    give_week(mo.id, office_week(), NOW + timedelta(hours=1))
    feeds.personal_feed(token, NOW + timedelta(hours=2))
    fresh = feeds.regenerate(mo.id, feeds.active_feeds(mo.id)[0].id, NOW + timedelta(hours=3))
    body = feeds.personal_feed(fresh, NOW + timedelta(hours=4)).body
    assert {e["SEQUENCE"] for e in Calendar.from_ical(body).walk("VEVENT")} == {1}


# --- the team feed ---------------------------------------------------------------------


def test_team_feed_gives_core_hours_in_the_chosen_zone(mo, ana, make_member, make_team):
    ny = make_member("Nia York", zone="America/New_York", email="nia@example.test")
    give_week(ny.id, office_week("America/New_York"))
    team = make_team("Platform", mo, ana, ny)
    token = feeds.turn_on_team(mo.id, team.id, "Asia/Kolkata", NOW)
    body = feeds.team_feed(token, NOW).body
    calendar = check_structure(body)
    events = list(calendar.walk("VEVENT"))
    assert events and all(e["TRANSP"] == "TRANSPARENT" for e in events)
    assert {str(e["DTSTART"].params["TZID"]) for e in events} == {"Asia/Kolkata"}
    assert {str(e["SUMMARY"]) for e in events} == {"Platform: core hours"}
    # 09-17 Berlin and 09-17 New York overlap 15:00-17:00 Berlin = 19:30-21:30 Kolkata;
    # Mo's Wednesday school run (15-16 Berlin) does not count: core hours are working hours.
    starts = {(e.decoded("DTSTART").time(), e.decoded("DTEND").time()) for e in events}
    assert {(s.isoformat("minutes"), e.isoformat("minutes")) for s, e in starts} == {
        ("19:30", "21:30")
    }
    assert "X-WR-TIMEZONE:Asia/Kolkata" in body.decode()


def test_team_feed_follows_a_member_s_new_hours(mo, ana, make_team):
    team = make_team("Platform", mo, ana)
    token = feeds.turn_on_team(mo.id, team.id, "Europe/Berlin", NOW)
    before = feeds.team_feed(token, NOW).body
    assert b"T090000" in before  # both start at 09:00 Berlin
    later = NOW + timedelta(hours=1)
    pattern = office_week()
    blocks = tuple(
        WeeklyBlock(b.kind, b.weekday, b.start.replace(hour=11), b.end) for b in pattern.blocks
    )
    give_week(ana.id, type(pattern)(pattern.zone, blocks), later)
    after = feeds.team_feed(token, later)
    assert b"T110000" in after.body and b"T090000" not in after.body
    assert after.last_modified == later
    ana.active = False
    db.session.commit()
    alone = feeds.team_feed(token, later + timedelta(hours=1)).body
    assert b"1 of 1 members" in alone


def test_team_feeds_only_for_own_teams_and_stop_when_leaving(mo, ana, make_member, make_team):
    team = make_team("Platform", ana)
    with pytest.raises(DomainError):
        feeds.turn_on_team(mo.id, team.id, "UTC", NOW)
    teams.add_member(make_member("Boss", admin=True).id, team.id, mo.id)
    with pytest.raises(DomainError):
        feeds.turn_on_team(mo.id, team.id, "Mars/Olympus", NOW)
    token = feeds.turn_on_team(mo.id, team.id, "UTC", NOW)
    assert feeds.team_feed(token, NOW).body
    with pytest.raises(NotFound):
        feeds.personal_feed(token, NOW)
    boss = db.session.scalar(select(type(mo)).where(type(mo).display_name == "Boss"))
    teams.remove_member(boss.id, team.id, mo.id)
    with pytest.raises(NotFound):
        feeds.team_feed(token, NOW)


# --- invitations -----------------------------------------------------------------------


def test_invite_names_organiser_attendees_agenda(mo, ana):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    body = invites_ics.invite_file(ana.id, meeting.id).body
    check_structure(body)
    event = events_by_uid(body)[meeting.uid]
    assert str(event["ORGANIZER"]) == f"mailto:{mo.email}"
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == [f"mailto:{ana.email}"]
    assert attendees[0].params["CN"] == "Ana Lima"
    assert "1. Decide" in str(event["DESCRIPTION"])
    assert b"METHOD:REQUEST" in body


def test_invites_are_for_organiser_and_attendees_only(mo, ana, make_member):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    stranger = make_member("Sam Stranger", email="sam@example.test")
    with pytest.raises(NotFound):
        invites_ics.invite_file(stranger.id, meeting.id)


def test_reschedule_keeps_uid_raises_sequence_and_cancel_gives_a_cancelled_version(mo, ana):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    first = events_by_uid(invites_ics.invite_file(mo.id, meeting.id).body)[meeting.uid]
    meetings.reschedule(mo.id, meeting.id, start=utc(2026, 12, 2, 13), now=NOW)
    moved_body = invites_ics.invite_file(mo.id, meeting.id).body
    moved = events_by_uid(moved_body)[meeting.uid]
    assert moved["SEQUENCE"] == first["SEQUENCE"] + 1
    assert moved.decoded("DTSTART") == utc(2026, 12, 2, 13)
    meetings.cancel(mo.id, meeting.id, now=NOW + timedelta(minutes=5))
    cancelled_body = invites_ics.invite_file(ana.id, meeting.id).body
    cancelled = events_by_uid(cancelled_body)[meeting.uid]
    assert b"METHOD:CANCEL" in cancelled_body and cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == moved["SEQUENCE"] + 1
    assert invites_ics.invite_file(mo.id, meeting.id).body == cancelled_body  # stable


# --- imports ---------------------------------------------------------------------------


def busy_of(member_id: int) -> list[tuple]:
    rows = db.session.execute(
        select(BusyInterval.start, BusyInterval.end)
        .where(BusyInterval.member_id == member_id)
        .order_by(BusyInterval.start)
    )
    return [tuple(row) for row in rows]


def test_import_stores_busy_time_and_counts_without_titles(mo):
    summary = calendar_import.import_calendar(mo.id, everything_calendar(), source=None, **IMPORT)
    assert summary.source == "My calendar" and summary.event_count == 6
    assert busy_of(mo.id) == EVERYTHING_BUSY
    listed = calendar_import.list_imports(mo.id)
    assert [(i.source, i.event_count, i.busy_count) for i in listed] == [("My calendar", 6, 6)]
    assert (listed[0].first_start, listed[0].last_end) == (
        EVERYTHING_BUSY[0][0],
        EVERYTHING_BUSY[-1][1],
    )
    dump = repr([tuple(r) for r in db.session.execute(select(CalendarImport.__table__))])
    assert SECRET_TITLE not in dump


def test_a_new_upload_replaces_the_same_source_only(mo):
    calendar_import.import_calendar(mo.id, one_event_calendar(10), source="Work", **IMPORT)
    calendar_import.import_calendar(mo.id, one_event_calendar(11), source="Home", **IMPORT)
    calendar_import.import_calendar(mo.id, one_event_calendar(12), source=" Work ", **IMPORT)
    assert [s[0].day for s in busy_of(mo.id)] == [11, 12]
    assert [i.source for i in calendar_import.list_imports(mo.id)] == ["Home", "Work"]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_refused_file_changes_nothing(mo, kind):
    calendar_import.import_calendar(mo.id, everything_calendar(), source=None, **IMPORT)
    data, message = BAD_FILES[kind]
    with pytest.raises(CalendarImportError) as refused:
        calendar_import.import_calendar(mo.id, data, source=None, **IMPORT)
    assert message in refused.value.reason and refused.value.field == "file"
    assert busy_of(mo.id) == EVERYTHING_BUSY
    assert calendar_import.list_imports(mo.id)[0].event_count == 6


def test_a_failure_while_saving_rolls_back(mo, monkeypatch):
    calendar_import.import_calendar(mo.id, everything_calendar(), source=None, **IMPORT)

    def broken_insert(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(calendar_import, "insert", broken_insert)
    with pytest.raises(RuntimeError):
        calendar_import.import_calendar(mo.id, one_event_calendar(10), source=None, **IMPORT)
    assert busy_of(mo.id) == EVERYTHING_BUSY


def test_delete_an_import_and_not_someone_elses(mo, ana):
    calendar_import.import_calendar(mo.id, everything_calendar(), source=None, **IMPORT)
    import_id = calendar_import.list_imports(mo.id)[0].id
    with pytest.raises(NotFound):
        calendar_import.delete_import(ana.id, import_id)
    calendar_import.delete_import(mo.id, import_id)
    assert busy_of(mo.id) == [] and calendar_import.list_imports(mo.id) == []


def test_a_long_source_name_is_refused(mo):
    with pytest.raises(DomainError) as refused:
        calendar_import.import_calendar(mo.id, one_event_calendar(), source="x" * 200, **IMPORT)
    assert refused.value.field == "source"
