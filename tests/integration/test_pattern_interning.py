"""`load_patterns` hands out one object per pattern value: a pattern loaded again is the
object already validated (and used as a cache key) before, and a saved change gives a
new, different object - never the old one."""

from __future__ import annotations

from datetime import UTC, datetime, time

from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.services import pattern_editing
from app.services.patterns import load_pattern

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def hours(start: int, end: int) -> WeeklyPattern:
    blocks = tuple(WeeklyBlock(BlockKind.WORKING, d, time(start), time(end)) for d in range(5))
    return WeeklyPattern("Europe/Berlin", blocks)


def test_equal_patterns_load_as_one_object_and_an_edit_as_a_new_one(app, make_member):
    ana = make_member("Ana", zone="Europe/Berlin")
    bo = make_member("Bo", zone="Europe/Berlin")
    pattern_editing.save_pattern(ana.id, hours(9, 17), NOW)
    pattern_editing.save_pattern(bo.id, hours(9, 17), NOW)
    first = load_pattern(ana.id)
    assert load_pattern(ana.id) is first
    assert load_pattern(bo.id) is first  # same value, same object
    pattern_editing.save_pattern(ana.id, hours(10, 17), NOW)
    edited = load_pattern(ana.id)
    assert edited == hours(10, 17)
    assert edited is not first
    assert load_pattern(bo.id) is first
