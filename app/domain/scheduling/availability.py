"""Each attendee's time laid onto the grid once, as one bit mask per kind of time.

Built once per request (the expensive part: one pass over each interval), then every
rule and score is a few whole-window bit operations on these masks. Rounding is chosen
so that the masks are never kinder than the truth: working hours and peaks count only
cells they cover completely; anything that blocks or bends counts every cell it touches.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval
from app.domain.scheduling.grid import Grid, run_and
from app.domain.scheduling.model import Attendee
from app.domain.timeline import Energy, MarkedInterval


@dataclass(frozen=True, init=False)
class AttendeeMasks:
    """One attendee's cells by kind. `day_full` holds START positions, not cells."""

    working: int
    busy: int
    focus_hard: int
    routine_hard: int
    no_meetings: int
    focus_soft: int
    routine_soft: int
    peak: int
    low: int
    day_full: int

    def __init__(
        self,
        working: int,
        busy: int,
        focus_hard: int,
        routine_hard: int,
        no_meetings: int,
        focus_soft: int,
        routine_soft: int,
        peak: int,
        low: int,
        day_full: int,
    ) -> None:
        # Fields filled directly, as in `AttendeeLine.__init__` (a third of the cost).
        fields = self.__dict__
        fields["working"] = working
        fields["busy"] = busy
        fields["focus_hard"] = focus_hard
        fields["routine_hard"] = routine_hard
        fields["no_meetings"] = no_meetings
        fields["focus_soft"] = focus_soft
        fields["routine_soft"] = routine_soft
        fields["peak"] = peak
        fields["low"] = low
        fields["day_full"] = day_full

    @cached_property
    def blocked(self) -> int:
        """Cells a required attendee cannot meet in, working hours aside."""
        return self.busy | self.focus_hard | self.routine_hard | self.no_meetings

    @cached_property
    def free(self) -> int:
        """Working cells nothing hard blocks (read by every rule, so worked out once)."""
        return self.working & ~self.blocked

    @property
    def open_for_focus(self) -> int:
        """Working cells with nothing at all in them: where focus work could happen."""
        return self.free & ~(self.focus_soft | self.routine_soft)

    def can_start(self, length: int) -> int:
        """Start positions where this attendee could attend a `length`-cell meeting."""
        return run_and(self.free, length) & ~self.day_full

    def limited(self, size: int) -> AttendeeMasks:
        """These masks cut to the first `size` cells."""
        keep = (1 << size) - 1
        return AttendeeMasks(**{f.name: getattr(self, f.name) & keep for f in fields(self)})


def build_masks(attendee: Attendee, grid: Grid) -> AttendeeMasks:
    """Lay `attendee`'s timeline, busy time and meeting limit onto `grid`."""
    timeline = attendee.timeline
    focus_hard, focus_soft = _by_firmness(timeline.focus)
    routine_hard, routine_soft = _by_firmness(timeline.routines)
    peak, low = [], []
    for item in timeline.energy:
        if item.level is Energy.PEAK:
            peak.append(item.interval)
        elif item.level is Energy.LOW:
            low.append(item.interval)
    return AttendeeMasks(
        working=grid.inward(timeline.working),
        busy=grid.outward(attendee.busy) | grid.outward(attendee.meetings),
        focus_hard=grid.outward(focus_hard),
        routine_hard=grid.outward(routine_hard),
        no_meetings=grid.outward(timeline.no_meetings),
        focus_soft=grid.outward(focus_soft),
        routine_soft=grid.outward(routine_soft),
        peak=grid.inward(peak),
        low=grid.outward(low),
        day_full=_day_full(attendee, grid),
    )


def _by_firmness(marked: tuple[MarkedInterval, ...]) -> tuple[list[Interval], list[Interval]]:
    """(hard intervals, soft intervals) of focus blocks or routines."""
    hard: list[Interval] = []
    soft: list[Interval] = []
    for item in marked:
        (hard if item.hard else soft).append(item.interval)
    return hard, soft


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The instant `day` begins in `zone` (zoneinfo, so DST-correct for that date)."""
    return datetime.combine(day, time(), tzinfo=zone)


def local_day_starts(grid: Grid, zone: ZoneInfo, day: date) -> tuple[int, int]:
    """Start positions `[lo, hi)` whose start instant falls on local `day` in `zone`."""
    following = day + timedelta(days=1)
    return grid.ceil(local_midnight(day, zone)), grid.ceil(local_midnight(following, zone))


def _day_full(attendee: Attendee, grid: Grid) -> int:
    """Start positions on local dates where the attendee's meeting limit is reached."""
    limit = attendee.timeline.max_meetings_per_day
    if limit is None:
        return 0
    if limit <= 0:
        return grid.full
    zone = ZoneInfo(attendee.zone)
    counts = Counter(m.start.astimezone(zone).date() for m in attendee.meetings)
    mask = 0
    for day, count in counts.items():
        if count >= limit:
            mask |= grid.span(*local_day_starts(grid, zone, day))
    return mask
