"""Unit tests for the weekly working-style pattern: expansion, DST, exceptions, status.

Examples are worked by hand in local time and checked against UTC, so a failure reads
like the product rule it breaks.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.errors import DomainError, InvalidPattern
from app.domain.intervals import Interval
from app.domain.timeline import Energy
from app.domain.workstyle import (
    Activity,
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    PatternProblem,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
    WeeklyWindow,
    ensure_valid,
    expand,
    local_day_bounds,
    meeting_friendly_weekly,
    status_at,
    validate_pattern,
    weekly_windows,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
BERLIN = "Europe/Berlin"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def span(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def day_window(day: date, days: int = 1) -> Interval:
    """A UTC window from 00:00 UTC on `day`, `days` long."""
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return Interval(start, start + timedelta(days=days))


def working(weekday: int, start: time, end: time) -> WeeklyBlock:
    return WeeklyBlock(BlockKind.WORKING, weekday, start, end)


def office_week(zone: str = BERLIN, *extra: WeeklyBlock, **kwargs) -> WeeklyPattern:
    """Monday to Friday 09:00-17:00 plus `extra` blocks."""
    blocks = tuple(working(day, time(9), time(17)) for day in range(MON, SAT)) + extra
    return WeeklyPattern(zone, blocks, **kwargs)


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


# --- overnight ---------------------------------------------------------------------------


NIGHT_SHIFT = WeeklyPattern(BERLIN, (working(MON, time(22), time(6)),))


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


# --- dated exceptions --------------------------------------------------------------------


def test_time_off_range_removes_working_and_focus_but_keeps_routines():
    pattern = office_week(
        BERLIN,
        WeeklyBlock(BlockKind.FOCUS, TUE, time(9), time(11)),
        WeeklyBlock(BlockKind.ROUTINE, TUE, time(7), time(8), label="Run"),
        time_off=(TimeOff(date(2026, 1, 13), date(2026, 1, 14)),),
    )
    timeline = expand(pattern, day_window(date(2026, 1, 12), days=4))
    assert timeline.working == (
        span(utc(2026, 1, 12, 8), utc(2026, 1, 12, 16)),
        span(utc(2026, 1, 15, 8), utc(2026, 1, 15, 16)),
    )
    assert timeline.focus == ()
    assert [r.label for r in timeline.routines] == ["Run"]


def test_single_day_time_off():
    pattern = office_week(time_off=(TimeOff.single_day(date(2026, 1, 14)),))
    assert expand(pattern, day_window(date(2026, 1, 14))).working == ()


def test_an_overnight_shift_belongs_to_the_day_it_starts():
    off_monday = WeeklyPattern(
        BERLIN, NIGHT_SHIFT.blocks, time_off=(TimeOff.single_day(date(2026, 1, 12)),)
    )
    off_tuesday = WeeklyPattern(
        BERLIN, NIGHT_SHIFT.blocks, time_off=(TimeOff.single_day(date(2026, 1, 13)),)
    )
    window = day_window(date(2026, 1, 12), days=2)
    assert expand(off_monday, window).working == ()
    assert expand(off_tuesday, window).working == expand(NIGHT_SHIFT, window).working


def test_one_off_hours_replace_that_days_working_blocks():
    pattern = office_week(
        one_off_hours=(OneOffHours(date(2026, 1, 14), ((time(7), time(11)), (time(20), time(2)))),)
    )
    timeline = expand(pattern, day_window(date(2026, 1, 14), days=2))
    assert timeline.working == (
        span(utc(2026, 1, 14, 6), utc(2026, 1, 14, 10)),
        span(utc(2026, 1, 14, 19), utc(2026, 1, 15, 1)),
        span(utc(2026, 1, 15, 8), utc(2026, 1, 15, 16)),
    )


def test_one_off_hours_with_no_blocks_means_not_working():
    pattern = office_week(one_off_hours=(OneOffHours(date(2026, 1, 14)),))
    assert expand(pattern, day_window(date(2026, 1, 14))).working == ()


def test_one_off_hours_on_a_weekend_add_a_working_day():
    pattern = office_week(one_off_hours=(OneOffHours(date(2026, 1, 17), ((time(10), time(12)),)),))
    timeline = expand(pattern, day_window(date(2026, 1, 17)))
    assert timeline.working == (span(utc(2026, 1, 17, 9), utc(2026, 1, 17, 11)),)


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


# --- status at an instant ----------------------------------------------------------------


STATUS_PATTERN = office_week(
    BERLIN,
    WeeklyBlock(BlockKind.FOCUS, WED, time(9), time(12)),
    WeeklyBlock(BlockKind.ROUTINE, WED, time(11), time(12), label="Therapy", private=True),
    WeeklyBlock(BlockKind.ROUTINE, WED, time(15), time(16), label="School run", hard=False),
    time_off=(TimeOff.single_day(date(2026, 1, 16)),),
)


@pytest.mark.parametrize(
    ("instant", "activity", "public"),
    [
        (utc(2026, 1, 14, 7), Activity.OFF, "off"),  # 08:00 local
        (utc(2026, 1, 14, 8), Activity.FOCUS, "focus"),  # 09:00, focus inside work
        (utc(2026, 1, 14, 10, 30), Activity.ROUTINE, "unavailable"),  # private routine wins
        (utc(2026, 1, 14, 12), Activity.WORKING, "working"),
        (utc(2026, 1, 14, 14, 15), Activity.ROUTINE, "School run"),
        (utc(2026, 1, 14, 16), Activity.OFF, "off"),  # 17:00 is the end, exclusive
        (utc(2026, 1, 16, 10), Activity.OFF, "off"),  # time off
    ],
)
def test_status_at_an_instant(instant, activity, public):
    status = status_at(STATUS_PATTERN, instant)
    assert (status.activity, status.public_label) == (activity, public)


def test_status_keeps_the_private_label_for_the_owner_and_gives_local_time():
    status = status_at(STATUS_PATTERN, utc(2026, 1, 14, 10, 30))
    assert (status.label, status.private, status.hard) == ("Therapy", True, True)
    assert status.local_time == datetime(2026, 1, 14, 11, 30, tzinfo=ZoneInfo(BERLIN))
    assert status.local_time.utcoffset() == timedelta(hours=1)


def test_status_during_an_overnight_shift():
    status = status_at(NIGHT_SHIFT, utc(2026, 1, 13, 3))  # Tue 04:00 local
    assert status.activity is Activity.WORKING


# --- weekly local windows ------------------------------------------------------------------


def test_meeting_friendly_is_working_minus_hard_focus_hard_routines_and_no_meetings():
    pattern = WeeklyPattern(
        BERLIN,
        (
            working(MON, time(9), time(17)),
            working(TUE, time(9), time(17)),
            WeeklyBlock(BlockKind.FOCUS, MON, time(9), time(11)),
            WeeklyBlock(BlockKind.FOCUS, MON, time(14), time(15), hard=False),
            WeeklyBlock(BlockKind.ROUTINE, MON, time(12), time(13), label="Lunch walk"),
            WeeklyBlock(BlockKind.ROUTINE, MON, time(16), time(17), label="Yoga", hard=False),
            WeeklyBlock(BlockKind.NO_MEETINGS, TUE, time(0), time(0)),
        ),
    )
    assert meeting_friendly_weekly(pattern) == [
        WeeklyWindow(MON, time(11), time(12)),
        WeeklyWindow(MON, time(13), time(17)),
    ]


def test_meeting_friendly_splits_overnight_at_midnight_and_wraps_the_week():
    pattern = WeeklyPattern(
        BERLIN,
        (
            working(SUN, time(22), time(6)),
            WeeklyBlock(BlockKind.NO_MEETINGS, MON, time(5), time(12)),
        ),
    )
    assert meeting_friendly_weekly(pattern) == [
        WeeklyWindow(MON, time(0), time(5)),
        WeeklyWindow(SUN, time(22), time(0)),
    ]


def test_weekly_windows_of_one_kind_can_keep_only_hard_blocks():
    pattern = WeeklyPattern(
        BERLIN,
        (
            WeeklyBlock(BlockKind.FOCUS, MON, time(9), time(11)),
            WeeklyBlock(BlockKind.FOCUS, TUE, time(9), time(11), hard=False),
        ),
    )
    assert weekly_windows(pattern, BlockKind.FOCUS) == [
        WeeklyWindow(MON, time(9), time(11)),
        WeeklyWindow(TUE, time(9), time(11)),
    ]
    assert weekly_windows(pattern, BlockKind.FOCUS, hard_only=True) == [
        WeeklyWindow(MON, time(9), time(11))
    ]


# --- validation ----------------------------------------------------------------------------


def problems_of(**changes) -> list[PatternProblem]:
    fields = {"zone": BERLIN, **changes}
    return validate_pattern(WeeklyPattern(**fields))


def test_a_sensible_pattern_has_no_problems():
    assert validate_pattern(STATUS_PATTERN) == []
    assert validate_pattern(NIGHT_SHIFT) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"zone": "Mars/Olympus"}, "zone", "unknown time zone 'Mars/Olympus'"),
        ({"zone": ""}, "zone", "unknown time zone"),
        ({"blocks": (working(MON, time(9), time(9)),)}, "blocks[0].end", "zero length"),
        ({"blocks": (working(MON, time(9, 10), time(17)),)}, "blocks[0].start", "15-minute grid"),
        ({"blocks": (working(MON, time(9), time(17, 0, 30)),)}, "blocks[0].end", "15-minute grid"),
        ({"blocks": (working(7, time(9), time(17)),)}, "blocks[0].weekday", "0 (Monday) to 6"),
        (
            {"blocks": (working(MON, time(9), time(12)), working(MON, time(11), time(13)))},
            "blocks[1]",
            "working block Monday 11:00-13:00 overlaps blocks[0] (Monday 09:00-12:00)",
        ),
        (
            {"blocks": (working(MON, time(22), time(6)), working(TUE, time(5), time(9)))},
            "blocks[1]",
            "overlaps blocks[0] (Monday 22:00-06:00)",
        ),
        (
            {"blocks": (working(SUN, time(22), time(6)), working(MON, time(5), time(9)))},
            "blocks[1]",
            "overlaps blocks[0] (Sunday 22:00-06:00)",
        ),
        (
            {"blocks": (WeeklyBlock(BlockKind.ROUTINE, MON, time(7), time(8), label="  "),)},
            "blocks[0].label",
            "a routine needs a name",
        ),
        (
            {"blocks": (WeeklyBlock(BlockKind.ENERGY, MON, time(7), time(8)),)},
            "blocks[0].energy",
            "an energy block needs a level",
        ),
        (
            {"blocks": (WeeklyBlock(BlockKind.FOCUS, MON, time(7), time(8), energy=Energy.LOW),)},
            "blocks[0].energy",
            "only energy blocks have a level",
        ),
        (
            {"time_off": (TimeOff(date(2026, 2, 3), date(2026, 2, 1)),)},
            "time_off[0]",
            "time off ends (2026-02-01) before it starts (2026-02-03)",
        ),
        (
            {"one_off_hours": (OneOffHours(date(2026, 2, 3), ((time(9), time(9)),)),)},
            "one_off_hours[0].blocks[0].end",
            "zero length",
        ),
        (
            {
                "one_off_hours": (
                    OneOffHours(date(2026, 2, 3), ((time(9), time(12)), (time(10), time(11)))),
                )
            },
            "one_off_hours[0].blocks[1]",
            "overlaps blocks[0] that day",
        ),
        (
            {"one_off_hours": (OneOffHours(date(2026, 2, 3)), OneOffHours(date(2026, 2, 3)))},
            "one_off_hours[1]",
            "2026-02-03 already has one-off hours",
        ),
        (
            {"preferences": MeetingPreferences(buffer_minutes=61)},
            "preferences.buffer_minutes",
            "buffer must be 0 to 60 minutes",
        ),
        (
            {"preferences": MeetingPreferences(buffer_minutes=-5)},
            "preferences.buffer_minutes",
            "buffer must be 0 to 60 minutes",
        ),
        (
            {"preferences": MeetingPreferences(max_per_day=-1)},
            "preferences.max_per_day",
            "cannot be negative",
        ),
    ],
)
def test_each_problem_names_its_field_and_says_what_is_wrong(changes, field, words):
    problems = problems_of(**changes)
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_blocks_of_different_kinds_may_overlap_and_whole_days_are_allowed():
    blocks = (
        working(MON, time(9), time(17)),
        WeeklyBlock(BlockKind.FOCUS, MON, time(9), time(11)),
        WeeklyBlock(BlockKind.NO_MEETINGS, MON, time(0), time(0)),
        working(TUE, time(0), time(0)),
    )
    assert problems_of(blocks=blocks) == []


def test_ensure_valid_raises_a_domain_error_with_every_problem():
    pattern = WeeklyPattern("Nowhere/Town", (working(MON, time(9), time(9)),))
    with pytest.raises(InvalidPattern) as caught:
        ensure_valid(pattern)
    error = caught.value
    assert isinstance(error, DomainError)
    assert (error.field, len(error.problems)) == ("zone", 2)
    assert "unknown time zone" in error.reason


def test_expand_and_status_refuse_an_invalid_pattern():
    pattern = WeeklyPattern(BERLIN, (working(MON, time(9, 5), time(17)),))
    with pytest.raises(InvalidPattern):
        expand(pattern, day_window(date(2026, 1, 12)))
    with pytest.raises(InvalidPattern):
        status_at(pattern, utc(2026, 1, 12, 9))


def test_ensure_valid_returns_a_valid_pattern_unchanged():
    assert ensure_valid(NIGHT_SHIFT) is NIGHT_SHIFT


def test_invalid_pattern_needs_a_problem():
    with pytest.raises(ValueError):
        InvalidPattern([])
