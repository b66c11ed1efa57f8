"""The week chart: a member's week cut into the viewer's local days, as bars to draw.

Every bar is laid on the viewer's wall clock (`top`/`bottom` in minutes, 0-1440) and
carries the owner's own local times, so a caption can say "09:00-17:00 Europe/Berlin =
08:00-16:00 your time". What may be shown was decided by the domain
(`app.domain.member_week`): a private routine arrives here already "unavailable".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from app.domain.local_week import MINUTES_PER_DAY, local_day, wall_minute, week_days, zone_of
from app.domain.member_week import LAYER_ORDER, MemberWeek, Stretch, member_week
from app.domain.workstyle import TimeOff, WeeklyPattern
from app.presentation.charts.text import DAY_ABBREVIATIONS, clock_span, day_ranges

DAY_SHIFT_NOTES = {-1: " (the day before)", 1: " (the next day)"}


@dataclass(frozen=True)
class ChartBar:
    """One stretch of one layer on one viewer-local day.

    `top` and `bottom` are minutes on the viewer's wall clock (0-1440) for drawing;
    `start`/`end` are the viewer-local instants and `owner_start`/`owner_end` the same
    instants on the owner's clock. `label` is a routine's name, or "unavailable" when
    the viewer may not see it.
    """

    layer: str
    start: datetime
    end: datetime
    owner_start: datetime
    owner_end: datetime
    top: int
    bottom: int
    hard: bool = False
    label: str = ""

    @property
    def viewer_text(self) -> str:
        return clock_span(self.start, self.end, self.bottom)

    @property
    def owner_text(self) -> str:
        """E.g. 'Mon 09:00–13:30' on the owner's clock."""
        end = "24:00" if self.owner_end.time() == time(0) else f"{self.owner_end:%H:%M}"
        return f"{DAY_ABBREVIATIONS[self.owner_start.weekday()]} {self.owner_start:%H:%M}–{end}"


@dataclass(frozen=True)
class ChartDay:
    """One viewer-local day of the chart and its bars, earliest first per layer."""

    day: date
    bars: tuple[ChartBar, ...]

    @property
    def name(self) -> str:
        return DAY_ABBREVIATIONS[self.day.weekday()]

    def layer(self, *names: str) -> tuple[ChartBar, ...]:
        return tuple(bar for bar in self.bars if bar.layer in names)


@dataclass(frozen=True)
class WeekChart:
    """A member's week as the viewer sees it: seven viewer-local days from Monday."""

    member_id: int
    owner_name: str
    owner_zone: str
    viewer_zone: str
    days: tuple[ChartDay, ...]
    time_off: tuple[TimeOff, ...] = ()
    is_owner: bool = False

    @property
    def same_zone(self) -> bool:
        return self.owner_zone == self.viewer_zone

    @property
    def is_empty(self) -> bool:
        return not any(day.bars for day in self.days)

    @property
    def first_day(self) -> date:
        return self.days[0].day

    def working_summary(self) -> list[str]:
        """'Mon–Fri 09:00–17:00 Europe/Berlin = 08:00–16:00 your time', grouped by days."""
        groups: dict[tuple[str, str], list[int]] = {}
        for day in self.days:
            for bar in day.layer("working"):
                owner = clock_span(bar.owner_start, bar.owner_end, -1)
                shift = (bar.start.date() - bar.owner_start.date()).days
                viewer = bar.viewer_text + DAY_SHIFT_NOTES.get(shift, "")
                groups.setdefault((owner, viewer), []).append(bar.owner_start.weekday())
        ordered = sorted((sorted(set(days)), key) for key, days in groups.items())
        if self.same_zone:
            return [f"{day_ranges(days)} {owner}" for days, (owner, _viewer) in ordered]
        return [
            f"{day_ranges(days)} {owner} {self.owner_zone} = {viewer} your time"
            for days, (owner, viewer) in ordered
        ]


@lru_cache(maxsize=256)
def week_chart(week: MemberWeek) -> WeekChart:
    """The chart of `week`, memoised by value: equal weeks give the same chart object."""
    days = tuple(
        _chart_day(day, week.stretches, week.viewer_zone, week.owner_zone)
        for day in week_days(week.monday)
    )
    return WeekChart(
        week.member_id,
        week.owner_name,
        week.owner_zone,
        week.viewer_zone,
        days,
        week.time_off,
        is_owner=week.is_owner,
    )


def build_week_chart(
    pattern: WeeklyPattern,
    *,
    member_id: int,
    owner_name: str,
    viewer_zone: str,
    now: datetime,
    show_private: bool = False,
) -> WeekChart:
    """The chart of the week holding `now` of `pattern` (see `member_week`)."""
    return week_chart(
        member_week(
            pattern,
            member_id=member_id,
            owner_name=owner_name,
            viewer_zone=viewer_zone,
            now=now,
            show_private=show_private,
        )
    )


def _chart_day(
    day: date, stretches: tuple[Stretch, ...], viewer_zone: str, owner_zone: str
) -> ChartDay:
    bounds = local_day(day, viewer_zone)
    viewer, owner = zone_of(viewer_zone), zone_of(owner_zone)
    bars = []
    for stretch in stretches:
        start = max(stretch.interval.start, bounds.start)
        end = min(stretch.interval.end, bounds.end)
        if start >= end:
            continue
        top = wall_minute(start, viewer)
        bottom = MINUTES_PER_DAY if end == bounds.end else wall_minute(end, viewer)
        if bottom <= top:  # only inside a DST fold: keep the real length
            bottom = min(MINUTES_PER_DAY, top + int((end - start).total_seconds() // 60))
        bars.append(
            ChartBar(
                stretch.layer,
                start.astimezone(viewer),
                end.astimezone(viewer),
                start.astimezone(owner),
                end.astimezone(owner),
                top,
                bottom,
                stretch.hard,
                stretch.label,
            )
        )
    bars.sort(key=lambda bar: (LAYER_ORDER.index(bar.layer), bar.start))
    return ChartDay(day, tuple(bars))
