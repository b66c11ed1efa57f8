"""Unit tests for weekly patterns across DST transitions: gaps, folds, wall clocks kept."""

from datetime import date, time, timedelta

import pytest

from app.domain.intervals import Interval
from app.domain.workstyle import (
    WeeklyPattern,
    expand,
)
from tests.workstyle_helpers import (
    BERLIN,
    SUN,
    day_window,
    office_week,
    span,
    utc,
    working,
)

# --- DST ---------------------------------------------------------------------------------


def one_block(zone: str, weekday: int, start: time, end: time) -> WeeklyPattern:
    return WeeklyPattern(zone, (working(weekday, start, end),))


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "expected"),
    [
        # Berlin springs forward 02:00 -> 03:00 on Sunday 2026-03-29 (01:00 UTC)
        (BERLIN, date(2026, 3, 29), time(2), time(4), (utc(2026, 3, 29, 1), utc(2026, 3, 29, 2))),
        (
            BERLIN,
            date(2026, 3, 29),
            time(2, 30),
            time(5),
            (utc(2026, 3, 29, 1), utc(2026, 3, 29, 3)),
        ),
        (
            BERLIN,
            date(2026, 3, 29),
            time(1),
            time(2, 30),
            (utc(2026, 3, 29, 0), utc(2026, 3, 29, 1)),
        ),
        (
            BERLIN,
            date(2026, 3, 28),
            time(22),
            time(6),
            (utc(2026, 3, 28, 21), utc(2026, 3, 29, 4)),
        ),
        # New York springs forward 02:00 -> 03:00 on 2026-03-08 (07:00 UTC)
        (
            "America/New_York",
            date(2026, 3, 8),
            time(2, 30),
            time(5),
            (utc(2026, 3, 8, 7), utc(2026, 3, 8, 9)),
        ),
        # Lord Howe springs forward 30 minutes, 02:00 -> 02:30, on 2026-10-04
        (
            "Australia/Lord_Howe",
            date(2026, 10, 4),
            time(2),
            time(3),
            (utc(2026, 10, 3, 15, 30), utc(2026, 10, 3, 16)),
        ),
    ],
)
def test_a_time_in_the_spring_forward_gap_moves_to_the_end_of_the_gap(
    zone, day, start, end, expected
):
    pattern = one_block(zone, day.weekday(), start, end)
    timeline = expand(pattern, day_window(day - timedelta(days=1), days=3))
    assert timeline.working == (Interval(*expected),)


def test_a_block_wholly_inside_the_gap_vanishes_that_day_only():
    pattern = one_block(BERLIN, SUN, time(2, 15), time(2, 45))
    assert expand(pattern, day_window(date(2026, 3, 28), days=3)).working == ()
    week_later = expand(pattern, day_window(date(2026, 4, 5)))
    assert week_later.working == (span(utc(2026, 4, 5, 0, 15), utc(2026, 4, 5, 0, 45)),)


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "expected"),
    [
        # Berlin falls back 03:00 -> 02:00 on 2026-10-25: 02:00-03:00 happens twice
        (
            BERLIN,
            date(2026, 10, 25),
            time(2, 30),
            time(2, 45),
            (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 45)),
        ),
        (
            BERLIN,
            date(2026, 10, 25),
            time(2),
            time(3),
            (utc(2026, 10, 25, 0), utc(2026, 10, 25, 2)),
        ),
        (
            BERLIN,
            date(2026, 10, 24),
            time(22),
            time(6),
            (utc(2026, 10, 24, 20), utc(2026, 10, 25, 5)),
        ),
        # New York falls back 02:00 -> 01:00 on 2026-11-01: 01:00-02:00 happens twice
        (
            "America/New_York",
            date(2026, 11, 1),
            time(1, 30),
            time(1, 45),
            (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 45)),
        ),
        # Lord Howe falls back 30 minutes, 02:00 -> 01:30, on 2026-04-05
        (
            "Australia/Lord_Howe",
            date(2026, 4, 5),
            time(1, 30),
            time(1, 45),
            (utc(2026, 4, 4, 14, 30), utc(2026, 4, 4, 15, 15)),
        ),
    ],
)
def test_in_a_fold_the_start_is_the_first_occurrence_and_the_end_the_second(
    zone, day, start, end, expected
):
    pattern = one_block(zone, day.weekday(), start, end)
    timeline = expand(pattern, day_window(day - timedelta(days=1), days=3))
    assert timeline.working == (Interval(*expected),)


def test_working_day_keeps_its_wall_clock_on_both_sides_of_a_transition():
    timeline = expand(office_week(), day_window(date(2026, 3, 27), days=4))  # Fri..Mon
    assert timeline.working == (
        span(utc(2026, 3, 27, 8), utc(2026, 3, 27, 16)),
        span(utc(2026, 3, 30, 7), utc(2026, 3, 30, 15)),
    )
