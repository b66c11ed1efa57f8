"""The team heatmap: a team's half-hour counts (`app.domain.team_week`) as days, slots
with their clock text, the text table's rows, and the core hours in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from app.domain.team_week import CoreOverlap, DayCounts, TeamWeek, team_week
from app.domain.workstyle import WeeklyPattern
from app.presentation.charts.text import DAY_ABBREVIATIONS, describe_windows


@dataclass(frozen=True)
class HeatSlot:
    """A half hour on the viewer's clock and how many members are in each state."""

    start: datetime
    minute: int
    working: int
    peak: int
    focus: int

    @property
    def time_text(self) -> str:
        """'HH:MM' on the viewer's clock (what `minute` reads; no strftime per slot)."""
        return f"{self.minute // 60:02d}:{self.minute % 60:02d}"


@dataclass(frozen=True)
class HeatDay:
    day: date
    slots: tuple[HeatSlot, ...]

    @property
    def name(self) -> str:
        return DAY_ABBREVIATIONS[self.day.weekday()]


@dataclass(frozen=True)
class TeamHeatmap:
    """A team's week in `zone`, half hour by half hour, and its core overlap hours."""

    zone: str
    member_count: int
    days: tuple[HeatDay, ...]
    core: CoreOverlap

    @property
    def core_lines(self) -> list[str]:
        """The core hours in words: ['Mon–Fri 14:00–16:00', ...]."""
        return describe_windows(self.core.windows)

    def table_rows(self) -> list[tuple[str, list[HeatSlot | None]]]:
        """Rows of (time, slot per day) for the text table, only where someone works.

        A time that happens twice (a DST fold) gets its own row, marked "(again)".
        """
        keyed = [_keyed_slots(day) for day in self.days]
        keys = sorted({key for day in keyed for key in day})
        rows = []
        for minute, nth in keys:
            slots = [day.get((minute, nth)) for day in keyed]
            if any(slot is not None and slot.working for slot in slots):
                text = f"{minute // 60:02d}:{minute % 60:02d}" + (" (again)" if nth else "")
                rows.append((text, slots))
        return rows

    @property
    def busiest(self) -> int:
        return max((slot.working for day in self.days for slot in day.slots), default=0)


def _keyed_slots(day: HeatDay) -> dict[tuple[int, int], HeatSlot]:
    keyed: dict[tuple[int, int], HeatSlot] = {}
    for slot in day.slots:
        nth = 0
        while (slot.minute, nth) in keyed:
            nth += 1
        keyed[(slot.minute, nth)] = slot
    return keyed


def _heat_day(day: DayCounts) -> HeatDay:
    return HeatDay(
        day.day,
        tuple(HeatSlot(s.start, s.minute, s.working, s.peak, s.focus) for s in day.slots),
    )


@lru_cache(maxsize=32)
def heatmap(week: TeamWeek) -> TeamHeatmap:
    """The heatmap of `week`, memoised by value: equal weeks give the same object."""
    days = tuple(_heat_day(day) for day in week.days)
    return TeamHeatmap(week.zone, week.member_count, days, week.core)


def team_heatmap_data(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    now: datetime,
    *,
    minimum_share: float | None = None,
) -> TeamHeatmap:
    """The heatmap of the team week holding `now` in `zone` (see `team_week`)."""
    return heatmap(team_week(patterns, zone, now, minimum_share=minimum_share))
