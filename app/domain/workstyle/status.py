"""What a member is doing at one instant, for "whose working day is it now".

Precedence when blocks overlap: routine > focus > working > off. A routine wins
because it is the most personal commitment (the school run happens inside working
hours too); focus sits inside working hours and says more than "working". A private
routine's name is kept for its owner; `public_label` shows others "unavailable".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.intervals import Interval
from app.domain.timeline import MarkedInterval
from app.domain.workstyle.expansion import expand
from app.domain.workstyle.pattern import WeeklyPattern
from app.domain.workstyle.wallclock import load_zone

PRIVATE_ROUTINE_LABEL = "unavailable"


class Activity(StrEnum):
    """The kind of time a member is in."""

    ROUTINE = "routine"
    FOCUS = "focus"
    WORKING = "working"
    OFF = "off"


@dataclass(frozen=True)
class MemberStatus:
    """A member's activity at an instant, their local time, and the routine if any.

    `label` is the routine's real name, for its owner only; show others `public_label`.
    """

    activity: Activity
    local_time: datetime
    label: str = ""
    private: bool = False
    hard: bool = False

    @property
    def public_label(self) -> str:
        """What teammates may see: a routine's name unless private, else the activity."""
        if self.activity is not Activity.ROUTINE:
            return self.activity.value
        if self.private or not self.label:
            return PRIVATE_ROUTINE_LABEL
        return self.label


def status_at(pattern: WeeklyPattern, instant: datetime) -> MemberStatus:
    """The member's status at `instant` (timezone-aware); raises on an invalid pattern."""
    timeline = expand(pattern, Interval(instant, instant + timedelta(seconds=1)))
    zone = load_zone(pattern.zone)
    local_time = instant.astimezone(zone)
    routine = _first_containing(timeline.routines, instant)
    if routine is not None:
        return MemberStatus(
            Activity.ROUTINE, local_time, routine.label, routine.private, routine.hard
        )
    focus = _first_containing(timeline.focus, instant)
    if focus is not None:
        return MemberStatus(Activity.FOCUS, local_time, hard=focus.hard)
    if any(stretch.contains(instant) for stretch in timeline.working):
        return MemberStatus(Activity.WORKING, local_time)
    return MemberStatus(Activity.OFF, local_time)


def _first_containing(
    marked: tuple[MarkedInterval, ...], instant: datetime
) -> MarkedInterval | None:
    return next((item for item in marked if item.interval.contains(instant)), None)
