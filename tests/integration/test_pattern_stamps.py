"""Patterns cached by stamp: every way a pattern changes renews the member's stamp, so a
cache keyed on (member, stamp) - in this process or another - can never serve the old
pattern; and a caller holding the stamps pays no query for patterns already read."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from sqlalchemy import event

from app.domain.workstyle import BlockKind, MeetingPreferences, WeeklyBlock, WeeklyPattern
from app.extensions import db
from app.models import Member
from app.services import accounts, pattern_editing
from app.services.patterns import load_pattern, stamped_patterns
from tests.manual_helpers import count_queries

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def hours(start: int, end: int, zone: str = "Europe/Berlin") -> WeeklyPattern:
    blocks = tuple(WeeklyBlock(BlockKind.WORKING, d, time(start), time(end)) for d in range(5))
    return WeeklyPattern(zone, blocks)


def stamp_of(member_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Member, member_id).pattern_stamp


def served(member_id: int) -> WeeklyPattern:
    """What a page holding the member row (and so the current stamp) would show."""
    return stamped_patterns({member_id: stamp_of(member_id)})[member_id]


def test_a_warm_cache_costs_no_query_and_a_cold_one_a_single_query(app, make_member):
    ana, bo = make_member("Ana"), make_member("Bo")
    pattern_editing.save_pattern(ana.id, hours(9, 17), NOW)
    pattern_editing.save_pattern(bo.id, hours(8, 16), NOW)
    stamps = {ana.id: stamp_of(ana.id), bo.id: stamp_of(bo.id)}
    with count_queries() as cold:  # count_queries starts from a cold cache
        first = stamped_patterns(stamps)
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        warm = stamped_patterns(stamps)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert (cold.count, len(statements)) == (1, 0)
    assert first == warm == {ana.id: hours(9, 17), bo.id: hours(8, 16)}


def test_every_pattern_change_renews_the_stamp_and_is_served_at_once(app, make_member):
    ana = make_member("Ana")
    pattern_editing.save_pattern(ana.id, hours(9, 17), NOW)
    changes = [
        lambda: pattern_editing.save_pattern(ana.id, hours(10, 18), NOW),
        lambda: pattern_editing.add_time_off(ana.id, date(2026, 12, 24), date(2026, 12, 26), NOW),
        lambda: pattern_editing.add_one_off_hours(
            ana.id, date(2026, 12, 2), ((time(12), time(16)),), NOW
        ),
        lambda: pattern_editing.save_pattern(
            ana.id, replace(load_pattern(ana.id), preferences=MeetingPreferences(3, 10)), NOW
        ),
        lambda: accounts.update_profile(
            ana.id, display_name="Ana", pronouns="", time_zone="Asia/Tokyo"
        ),
    ]
    for change in changes:
        before_stamp, before = stamp_of(ana.id), served(ana.id)
        change()
        assert stamp_of(ana.id) != before_stamp
        after = served(ana.id)
        assert after != before
        assert after == load_pattern(ana.id)  # the cache agrees with the tables


def test_a_profile_edit_that_keeps_the_zone_keeps_the_stamp(app, make_member):
    ana = make_member("Ana")
    stamp = stamp_of(ana.id)
    accounts.update_profile(
        ana.id, display_name="Ana B", pronouns="she/her", time_zone=ana.time_zone
    )
    assert stamp_of(ana.id) == stamp


def test_new_members_get_distinct_stamps(app, make_member):
    stamps = {stamp_of(make_member().id) for _ in range(20)}
    assert len(stamps) == 20
