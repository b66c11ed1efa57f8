"""Unit tests for expanding a weekly pattern: plain weeks, overnight blocks, day bounds.

Examples are worked by hand in local time and checked against UTC, so a failure reads
like the product rule it breaks.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.intervals import Interval
from app.domain.timeline import Energy
from app.domain.workstyle import (
    BlockKind,
    MeetingPreferences,
    WeeklyBlock,
    WeeklyPattern,
    expand,
    local_day_bounds,
)
from tests.workstyle_helpers import (
    BERLIN,
    MON,
    NIGHT_SHIFT,
    SUN,
    WED,
    day_window,
    office_week,
    span,
    utc,
    working,
)

# --- plain expansion -------------------------------------------------------------------


def test_berlin_office_hours_are_an_hour_earlier_in_utc_in_winter():
    timeline = expand(office_week(), day_window(date(2026, 1, 14)))
    assert timeline.working == (span(utc(2026, 1, 14, 8), utc(2026, 1, 14, 16)),)


def test_berlin_office_hours_are_two_hours_earlier_in_utc_in_summer():
    timeline = expand(office_week(), day_window(date(2026, 7, 15)))
    assert timeline.working == (span(utc(2026, 7, 15, 7), utc(2026, 7, 15, 15)),)


def test_half_hour_zone_kolkata():
    timeline = expand(office_week("Asia/Kolkata"), day_window(date(2026, 5, 6)))
    assert timeline.working == (span(utc(2026, 5, 6, 3, 30), utc(2026, 5, 6, 11, 30)),)


def test_several_blocks_a_day_stay_separate_and_touching_blocks_merge():
    pattern = WeeklyPattern(
        BERLIN,
        (
            working(MON, time(8), time(12)),
            working(MON, time(12), time(13)),
            working(MON, time(15), time(18)),
        ),
    )
    timeline = expand(pattern, day_window(date(2026, 1, 12)))
    assert timeline.working == (
        span(utc(2026, 1, 12, 7), utc(2026, 1, 12, 12)),
        span(utc(2026, 1, 12, 14), utc(2026, 1, 12, 17)),
    )


def test_weekend_is_empty_and_timeline_carries_zone_window_and_preferences():
    preferences = MeetingPreferences(max_per_day=3, buffer_minutes=15)
    window = day_window(date(2026, 1, 17), days=2)
    timeline = expand(office_week(preferences=preferences), window)
    assert timeline.working == ()
    assert (timeline.zone, timeline.window) == (BERLIN, window)
    assert (timeline.max_meetings_per_day, timeline.buffer_minutes) == (3, 15)


def test_window_given_in_another_zone_comes_back_in_utc():
    tokyo = ZoneInfo("Asia/Tokyo")
    window = Interval(
        datetime(2026, 1, 14, 9, tzinfo=tokyo), datetime(2026, 1, 15, 9, tzinfo=tokyo)
    )
    timeline = expand(office_week(), window)
    assert timeline.window == span(utc(2026, 1, 14), utc(2026, 1, 15))
    assert all(i.start.tzinfo is UTC for i in timeline.working)


def test_every_kind_of_block_is_laid_out():
    pattern = office_week(
        BERLIN,
        WeeklyBlock(BlockKind.ENERGY, WED, time(9), time(11), energy=Energy.PEAK),
        WeeklyBlock(BlockKind.FOCUS, WED, time(9), time(11), hard=False),
        WeeklyBlock(BlockKind.ROUTINE, WED, time(15), time(16), label="School run"),
        WeeklyBlock(BlockKind.NO_MEETINGS, WED, time(0), time(0)),
    )
    timeline = expand(pattern, day_window(date(2026, 1, 14)))
    morning = span(utc(2026, 1, 14, 8), utc(2026, 1, 14, 10))
    assert [(e.interval, e.level) for e in timeline.energy] == [(morning, Energy.PEAK)]
    assert [(f.interval, f.hard) for f in timeline.focus] == [(morning, False)]
    [routine] = timeline.routines
    assert routine.interval == span(utc(2026, 1, 14, 14), utc(2026, 1, 14, 15))
    assert (routine.label, routine.hard, routine.public_label()) == (
        "School run",
        True,
        "School run",
    )
    # 00:00-00:00 Berlin is 23:00-23:00 UTC, clipped to the UTC-day window
    assert timeline.no_meetings == (span(utc(2026, 1, 14), utc(2026, 1, 14, 23)),)


def test_intervals_are_clipped_to_the_window():
    window = Interval(utc(2026, 1, 14, 10), utc(2026, 1, 14, 12))
    assert expand(office_week(), window).working == (window,)


def test_overnight_block_runs_into_the_next_day():
    timeline = expand(NIGHT_SHIFT, day_window(date(2026, 1, 12), days=2))
    assert timeline.working == (span(utc(2026, 1, 12, 21), utc(2026, 1, 13, 5)),)


def test_overnight_block_from_the_day_before_spills_into_the_window():
    timeline = expand(NIGHT_SHIFT, day_window(date(2026, 1, 13)))
    assert timeline.working == (span(utc(2026, 1, 13), utc(2026, 1, 13, 5)),)


def test_overnight_block_is_cut_at_the_window_end():
    window = Interval(utc(2026, 1, 12, 12), utc(2026, 1, 12, 23))
    assert expand(NIGHT_SHIFT, window).working == (span(utc(2026, 1, 12, 21), window.end),)


def test_sunday_night_wraps_into_monday():
    pattern = WeeklyPattern(BERLIN, (working(SUN, time(23), time(3)),))
    monday = expand(pattern, day_window(date(2026, 1, 12)))
    assert monday.working == (span(utc(2026, 1, 12), utc(2026, 1, 12, 2)),)
    weekend = expand(pattern, day_window(date(2026, 1, 10), days=2))
    assert weekend.working == (span(utc(2026, 1, 11, 22), utc(2026, 1, 12)),)


@pytest.mark.parametrize(
    ("start", "end", "minutes", "overnight"),
    [
        (time(22), time(6), 8 * 60, True),
        (time(18), time(0), 6 * 60, False),
        (time(0), time(0), 24 * 60, False),
        (time(9), time(17), 8 * 60, False),
    ],
)
def test_block_length_and_overnight(start, end, minutes, overnight):
    block = working(MON, start, end)
    assert (block.length_minutes, block.overnight) == (minutes, overnight)


def test_end_at_midnight_means_the_end_of_the_day():
    pattern = WeeklyPattern(BERLIN, (working(MON, time(18), time(0)),))
    timeline = expand(pattern, day_window(date(2026, 1, 12), days=2))
    assert timeline.working == (span(utc(2026, 1, 12, 17), utc(2026, 1, 12, 23)),)


# --- day bounds --------------------------------------------------------------------------


def test_day_bounds_span_first_start_to_last_end_per_local_day():
    pattern = WeeklyPattern(
        BERLIN, (working(MON, time(8), time(12)), working(MON, time(14), time(18)))
    )
    [monday] = local_day_bounds(pattern, day_window(date(2026, 1, 12)))
    assert monday.day == date(2026, 1, 12)
    assert monday.span == span(utc(2026, 1, 12, 7), utc(2026, 1, 12, 17))


def test_day_bounds_are_not_clipped_and_overnight_belongs_to_its_start_day():
    shifts = WeeklyPattern(
        BERLIN, (working(SUN, time(22), time(6)), working(MON, time(9), time(12)))
    )
    days = local_day_bounds(shifts, Interval(utc(2026, 1, 12, 2), utc(2026, 1, 12, 20)))
    assert [(d.day, d.span) for d in days] == [
        (date(2026, 1, 11), span(utc(2026, 1, 11, 21), utc(2026, 1, 12, 5))),
        (date(2026, 1, 12), span(utc(2026, 1, 12, 8), utc(2026, 1, 12, 11))),
    ]
