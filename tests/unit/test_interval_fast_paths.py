"""Shortcuts taken for the scheduler's speed (issue 14) change no answer.

* `merge` joins intervals that arrive in order in one pass and sends anything else
  through the sort: both must give what sorting every time gives, whatever the order.
* `Interval` keeps its ends in slots (no `__dict__`, so one object per interval and
  no garbage-collector pass over a large request): it still compares, orders, hashes,
  copies and refuses to change like the frozen dataclass it was.
* An exception-free week's working layout is memoised by zone and hours
  (`regular_working`): the memo's answer, cold or warm and shared between members
  whose other blocks differ, is the date-by-date expansion's.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.intervals import Interval, merge
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, expand, expansion
from tests.unit.test_workstyle_fast_path import patterns_and_windows, plain_expand

BASE = datetime(2026, 3, 16, tzinfo=UTC)


def sorted_merge(intervals: list[Interval]) -> list[Interval]:
    """The plain definition: drop empty ones, sort by (start, end), join touching ones."""
    result: list[Interval] = []
    for item in sorted(i for i in intervals if i.end > i.start):
        if result and item.start <= result[-1].end:
            result[-1] = Interval(result[-1].start, max(result[-1].end, item.end))
        else:
            result.append(item)
    return result


spans = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(
    lambda p: Interval(BASE + timedelta(minutes=15 * p[0]), BASE + timedelta(minutes=15 * sum(p)))
)


@settings(max_examples=600, deadline=None)
@given(st.lists(spans, max_size=12), st.booleans())
def test_merge_equals_sorting_first_in_or_out_of_order(intervals, in_order):
    if in_order:
        intervals = sorted(intervals)
    assert merge(intervals) == sorted_merge(intervals)
    assert merge(iter(intervals)) == sorted_merge(intervals)  # a one-shot iterator too


def test_merge_keeps_untouched_intervals_as_they_are():
    a = Interval(BASE, BASE + timedelta(hours=1))
    b = Interval(BASE + timedelta(hours=2), BASE + timedelta(hours=3))
    merged = merge([a, b])
    assert merged[0] is a and merged[1] is b


def test_a_slotted_interval_behaves_as_the_frozen_dataclass_did():
    one = Interval(BASE, BASE + timedelta(hours=1))
    same = Interval(BASE, BASE + timedelta(hours=1))
    later = Interval(BASE, BASE + timedelta(hours=2))
    assert one == same and hash(one) == hash(same) and one < later
    assert not hasattr(one, "__dict__")
    assert copy.deepcopy(one) == one and pickle.loads(pickle.dumps(one)) == one
    assert dataclasses.replace(one, end=later.end) == later
    assert repr(one).startswith("Interval(start=")
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.start = later.end  # type: ignore[misc]
    with pytest.raises(ValueError):
        Interval(BASE + timedelta(hours=1), BASE)
    with pytest.raises(ValueError):
        Interval(BASE.replace(tzinfo=None), BASE)


@settings(max_examples=200, deadline=None)
@given(patterns_and_windows())
def test_a_memoised_working_layout_is_the_date_by_date_one(case):
    pattern, window = case
    plain = dataclasses.replace(pattern, time_off=(), one_off_hours=())
    expected = plain_expand(plain, window).working
    expansion.regular_working.cache_clear()
    assert expand(plain, window).working == expected  # worked out
    assert expand(plain, window).working == expected  # from the memo
    # A colleague with the same zone and hours but other blocks shares the layout.
    working = tuple(b for b in plain.blocks if b.kind is BlockKind.WORKING)
    colleague = WeeklyPattern(plain.zone, (*working, WeeklyBlock(BlockKind.FOCUS, 0, *_hour())))
    assert expand(colleague, window).working == expected


def _hour():
    start = BASE.time()
    return start, (BASE + timedelta(hours=1)).time()
