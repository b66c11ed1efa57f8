"""A member's week as facts a chart shows: which layer holds which stretch of time.

`member_week` expands a weekly pattern over the viewer's local week (Monday to Sunday
in the viewer's zone) into `Stretch`es - working, energy level, focus, routine, no
meetings - each a UTC interval. Privacy is decided here, once: with `show_private`
false a private routine's stretch is labelled "unavailable" and its real name is not
kept anywhere in the result, so no presentation code can leak it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.domain.intervals import Interval
from app.domain.local_week import monday_of, week_window
from app.domain.timeline import Timeline
from app.domain.workstyle import TimeOff, WeeklyPattern, expand

PRIVATE_LABEL = "unavailable"
LAYER_ORDER = ("working", "peak", "steady", "low", "focus", "routine", "no_meetings")


@dataclass(frozen=True)
class Stretch:
    """One stretch of one layer: `hard` for protected focus and hard routines."""

    layer: str
    interval: Interval
    hard: bool = False
    label: str = ""


@dataclass(frozen=True)
class MemberWeek:
    """A member's week from `monday` in `viewer_zone`, for one viewer (owner or not)."""

    member_id: int
    owner_name: str
    owner_zone: str
    viewer_zone: str
    monday: date
    stretches: tuple[Stretch, ...]
    time_off: tuple[TimeOff, ...] = ()
    is_owner: bool = False


def member_week(
    pattern: WeeklyPattern,
    *,
    member_id: int,
    owner_name: str,
    viewer_zone: str,
    now: datetime,
    show_private: bool = False,
) -> MemberWeek:
    """The week holding `now` (viewer-local Monday to Sunday) of `pattern`.

    Memoised by value (an edited pattern is a different key), so repeat views get the
    same object.
    """
    monday = monday_of(now, viewer_zone)
    return _member_week(pattern, member_id, owner_name, viewer_zone, monday, show_private)


@lru_cache(maxsize=256)
def _member_week(
    pattern: WeeklyPattern,
    member_id: int,
    owner_name: str,
    viewer_zone: str,
    monday: date,
    show_private: bool,
) -> MemberWeek:
    timeline = expand(pattern, week_window(monday, viewer_zone))
    stretches = tuple(_stretches(timeline, show_private))
    # Owner-local dates can be a day either side of the viewer's week.
    first, last = monday - timedelta(days=1), monday + timedelta(days=7)
    off = tuple(o for o in pattern.time_off if o.first <= last and o.last >= first)
    return MemberWeek(
        member_id, owner_name, pattern.zone, viewer_zone, monday, stretches, off, show_private
    )


def _stretches(timeline: Timeline, show_private: bool) -> Iterator[Stretch]:
    """Everything a chart draws, private routines already hidden unless `show_private`."""
    for interval in timeline.working:
        yield Stretch("working", interval)
    for energy in timeline.energy:
        yield Stretch(energy.level.value, energy.interval)
    for focus in timeline.focus:
        yield Stretch("focus", focus.interval, focus.hard)
    for routine in timeline.routines:
        hidden = routine.private and not show_private
        label = PRIVATE_LABEL if hidden else routine.label or PRIVATE_LABEL
        # A hidden routine reads as plain "unavailable": not even how firmly it is held.
        yield Stretch("routine", routine.interval, routine.hard or hidden, label)
    for interval in timeline.no_meetings:
        yield Stretch("no_meetings", interval, True)
