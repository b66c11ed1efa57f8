"""The weekly working-style pattern as its owner writes it: wall-clock times, own zone.

Everything here is in the member's local time and knows nothing about UTC; `expand`
lays it on the real time line. A block whose end is at or before its start runs into
the next day (22:00-06:00), so an end of 00:00 means midnight; 00:00-00:00 is a whole
day. Times sit on a 15-minute grid (checked by `validate_pattern`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from functools import cached_property

from app.domain.timeline import Energy

GRID_MINUTES = 15
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class BlockKind(StrEnum):
    """What a weekly block says about that time."""

    WORKING = "working"
    ENERGY = "energy"
    FOCUS = "focus"
    ROUTINE = "routine"
    NO_MEETINGS = "no_meetings"


@dataclass(frozen=True, init=False)
class WeeklyBlock:
    """A recurring block on one weekday (0 = Monday), in the owner's wall-clock time.

    `energy` is the level of an energy block; `hard` says a focus block or routine is
    protected; `label` names a routine; a `private` routine shows to others only as
    "unavailable".
    """

    kind: BlockKind
    weekday: int
    start: time
    end: time
    energy: Energy | None = None
    hard: bool = True
    label: str = ""
    private: bool = False

    def __init__(
        self,
        kind: BlockKind,
        weekday: int,
        start: time,
        end: time,
        energy: Energy | None = None,
        hard: bool = True,
        label: str = "",
        private: bool = False,
    ) -> None:
        # Hand-written, as `Interval.__init__` is: filling the frozen fields directly
        # costs a third of the generated `__init__`, and every stored pattern and every
        # request's patterns are built block by block.
        fields = self.__dict__
        fields["kind"] = kind
        fields["weekday"] = weekday
        fields["start"] = start
        fields["end"] = end
        fields["energy"] = energy
        fields["hard"] = hard
        fields["label"] = label
        fields["private"] = private

    # Blocks and patterns key many value caches (status, heatmap, chart, interning), so
    # each hashes its (immutable) fields once instead of on every lookup.
    @cached_property
    def _hash(self) -> int:
        fields = (self.kind, self.weekday, self.start, self.end, self.energy, self.hard)
        return hash((*fields, self.label, self.private))

    def __hash__(self) -> int:
        return self._hash

    @property
    def length_minutes(self) -> int:
        """Wall-clock length; an end at or before the start runs into the next day."""
        return wall_length_minutes(self.start, self.end)

    @property
    def overnight(self) -> bool:
        """True when the block runs past midnight into the next day."""
        return minute_of_day(self.start) + self.length_minutes > MINUTES_PER_DAY

    def public_label(self, fallback: str = "unavailable") -> str:
        """The routine name others may see: the label, or `fallback` when private."""
        return fallback if self.private or not self.label else self.label


@dataclass(frozen=True)
class TimeOff:
    """Time off from `first` to `last`, both dates inclusive and local to the owner."""

    first: date
    last: date

    @classmethod
    def single_day(cls, day: date) -> TimeOff:
        return cls(day, day)

    def includes(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class OneOffHours:
    """Different working hours for one date, replacing that date's working blocks.

    Each pair is a (start, end) wall-clock block following the weekly rules (an end at
    or before the start runs into the next day). No blocks means not working that day.
    """

    day: date
    blocks: tuple[tuple[time, time], ...] = ()


@dataclass(frozen=True)
class MeetingPreferences:
    """How many meetings a day at most (None = no limit) and the gap wanted between."""

    max_per_day: int | None = None
    buffer_minutes: int = 0


@dataclass(frozen=True, init=False)
class WeeklyPattern:
    """A member's weekly working style in IANA zone `zone`, with dated exceptions."""

    zone: str
    blocks: tuple[WeeklyBlock, ...] = ()
    time_off: tuple[TimeOff, ...] = ()
    one_off_hours: tuple[OneOffHours, ...] = ()
    preferences: MeetingPreferences = MeetingPreferences()

    def __init__(
        self,
        zone: str,
        blocks: tuple[WeeklyBlock, ...] = (),
        time_off: tuple[TimeOff, ...] = (),
        one_off_hours: tuple[OneOffHours, ...] = (),
        preferences: MeetingPreferences = MeetingPreferences(),  # noqa: B008 - frozen
    ) -> None:
        # Fields filled directly, as in `WeeklyBlock.__init__`.
        fields = self.__dict__
        fields["zone"] = zone
        fields["blocks"] = blocks
        fields["time_off"] = time_off
        fields["one_off_hours"] = one_off_hours
        fields["preferences"] = preferences

    @cached_property
    def _hash(self) -> int:
        return hash((self.zone, self.blocks, self.time_off, self.one_off_hours, self.preferences))

    def __hash__(self) -> int:
        return self._hash

    def blocks_of(self, kind: BlockKind) -> tuple[WeeklyBlock, ...]:
        return tuple(block for block in self.blocks if block.kind is kind)

    def is_off(self, day: date) -> bool:
        """True when `day` (local) falls in any time off."""
        return any(off.includes(day) for off in self.time_off)

    def one_off_for(self, day: date) -> OneOffHours | None:
        """The one-off hours replacing `day`'s working blocks, if any."""
        return next((hours for hours in self.one_off_hours if hours.day == day), None)


def minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def wall_length_minutes(start: time, end: time) -> int:
    """Minutes from `start` to `end`; an end at or before the start is the next day."""
    length = minute_of_day(end) - minute_of_day(start)
    return length if length > 0 else length + MINUTES_PER_DAY


def wall_end_offset(start: time, end: time) -> timedelta:
    """Days to add to a block's date to reach the date its end falls on (0 or 1)."""
    return _NEXT_DAY if minute_of_day(end) <= minute_of_day(start) else _SAME_DAY


_SAME_DAY, _NEXT_DAY = timedelta(0), timedelta(days=1)
