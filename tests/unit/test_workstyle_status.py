"""Unit tests for dated exceptions (time off, one-off hours), status at an instant and
weekly local windows (meeting-friendly hours)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.workstyle import (
    Activity,
    BlockKind,
    OneOffHours,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
    WeeklyWindow,
    expand,
    meeting_friendly_weekly,
    status_at,
    weekly_windows,
)
from tests.workstyle_helpers import (
    BERLIN,
    MON,
    NIGHT_SHIFT,
    STATUS_PATTERN,
    SUN,
    TUE,
    day_window,
    office_week,
    span,
    utc,
    working,
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


# --- status at an instant ----------------------------------------------------------------


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
