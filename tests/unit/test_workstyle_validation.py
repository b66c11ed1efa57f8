"""Unit tests for validating a weekly pattern: every problem names its field."""

from datetime import date, time

import pytest

from app.domain.errors import DomainError, InvalidPattern
from app.domain.timeline import Energy
from app.domain.workstyle import (
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    PatternProblem,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
    ensure_valid,
    expand,
    status_at,
    validate_pattern,
)
from tests.workstyle_helpers import (
    BERLIN,
    MON,
    NIGHT_SHIFT,
    STATUS_PATTERN,
    SUN,
    TUE,
    day_window,
    utc,
    working,
)

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
