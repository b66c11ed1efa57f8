"""A member's weekly working style, in their own zone, and what it means in UTC.

The owner writes a `WeeklyPattern`: working hours, energy, focus blocks, routines and
no-meeting time per weekday in wall-clock time, plus dated time off and one-off hours.
`expand` turns it into a `Timeline` of UTC intervals for any window, resolving every
date with `zoneinfo`; the scheduler and calendar export consume only that. It lives
apart from them so the rules about *how someone works* change in one place.

Modules: `pattern` (the types), `validation` (problems in plain words), `wallclock`
(local time to UTC and the DST policy), `expansion` (the timeline), `status` (what
someone is doing now), `weekly` (recurring local windows for calendar RRULEs).

DST policy, in short (details in `wallclock`): a block covers the smallest UTC span
holding every instant whose local reading falls inside it. A start or end in a
spring-forward gap moves to the end of the gap (02:30 -> 03:00 in Berlin on
2026-03-29; a block wholly in the gap vanishes that day); in a fall-back fold a start
takes the first occurrence and an end the second. Intervals are never negative.
"""

from app.domain.errors import InvalidPattern
from app.domain.workstyle.expansion import WorkingDay, block_interval, expand, local_day_bounds
from app.domain.workstyle.pattern import (
    GRID_MINUTES,
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
)
from app.domain.workstyle.status import Activity, MemberStatus, status_at
from app.domain.workstyle.validation import (
    MAX_BUFFER_MINUTES,
    PatternProblem,
    ensure_valid,
    validate_pattern,
)
from app.domain.workstyle.wallclock import end_to_utc, load_zone, start_to_utc
from app.domain.workstyle.weekly import WeeklyWindow, meeting_friendly_weekly, weekly_windows

__all__ = [
    "GRID_MINUTES",
    "MAX_BUFFER_MINUTES",
    "Activity",
    "BlockKind",
    "InvalidPattern",
    "MeetingPreferences",
    "MemberStatus",
    "OneOffHours",
    "PatternProblem",
    "TimeOff",
    "WeeklyBlock",
    "WeeklyPattern",
    "WeeklyWindow",
    "WorkingDay",
    "block_interval",
    "end_to_utc",
    "ensure_valid",
    "expand",
    "load_zone",
    "local_day_bounds",
    "meeting_friendly_weekly",
    "start_to_utc",
    "status_at",
    "validate_pattern",
    "weekly_windows",
]
