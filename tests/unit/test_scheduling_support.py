"""Helpers for the scheduling tests: Timelines built straight from local weekly hours.

The scheduler must not depend on `workstyle.expand`, so these tests lay out a person's
week themselves: per local date, with zoneinfo, so every date gets its own UTC offset
(DST-correct). The few tests here check the helper itself against hand-worked offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval, merge
from app.domain.scheduling import Attendee, SchedulingRequest
from app.domain.timeline import Energy, EnergyInterval, MarkedInterval, Timeline

WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class Block:
    """Local hours on some weekdays (0 = Monday); an end at or before the start is next day."""

    start: str
    end: str
    weekdays: tuple[int, ...] = WEEKDAYS
    hard: bool = True
    label: str = ""
    private: bool = False


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args: int) -> datetime:
    """A local wall-clock time in `zone`, as an aware datetime."""
    return datetime(*args, tzinfo=ZoneInfo(zone))


def _dates(zone: ZoneInfo, window: Interval) -> list[date]:
    first = window.start.astimezone(zone).date() - timedelta(days=1)
    last = window.end.astimezone(zone).date() + timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def expand_block(
    block: Block, zone_name: str, window: Interval, days_off: frozenset[date] = frozenset()
) -> list[Interval]:
    """`block` on every matching local date, in UTC, clipped to `window`."""
    zone, found = ZoneInfo(zone_name), []
    begin, finish = time.fromisoformat(block.start), time.fromisoformat(block.end)
    for day in _dates(zone, window):
        if day.weekday() not in block.weekdays or day in days_off:
            continue
        end_day = day if finish > begin else day + timedelta(days=1)
        start = datetime.combine(day, begin, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(end_day, finish, tzinfo=zone).astimezone(UTC)
        start, end = max(start, window.start), min(end, window.end)
        if start < end:
            found.append(Interval(start, end))
    return found


def timeline(
    zone: str,
    window: Interval,
    working: tuple[Block, ...] = (Block("09:00", "17:00"),),
    peaks: tuple[Block, ...] = (),
    lows: tuple[Block, ...] = (),
    focus: tuple[Block, ...] = (),
    routines: tuple[Block, ...] = (),
    no_meetings: tuple[Block, ...] = (),
    days_off: frozenset[date] = frozenset(),
    max_meetings_per_day: int | None = None,
    buffer_minutes: int = 0,
) -> Timeline:
    """A Timeline from local weekly blocks, expanded per date with zoneinfo."""

    def spans(blocks: tuple[Block, ...], off: frozenset[date] = frozenset()) -> list[Interval]:
        return [i for b in blocks for i in expand_block(b, zone, window, off)]

    def marked(blocks: tuple[Block, ...]) -> tuple[MarkedInterval, ...]:
        return tuple(
            MarkedInterval(i, b.hard, b.label, b.private)
            for b in blocks
            for i in expand_block(b, zone, window)
        )

    energy = [EnergyInterval(i, Energy.PEAK) for i in spans(peaks)]
    energy += [EnergyInterval(i, Energy.LOW) for i in spans(lows)]
    return Timeline(
        zone=zone,
        window=window,
        working=tuple(merge(spans(working, days_off))),
        energy=tuple(sorted(energy, key=lambda e: e.interval)),
        focus=marked(focus),
        routines=marked(routines),
        no_meetings=tuple(merge(spans(no_meetings))),
        max_meetings_per_day=max_meetings_per_day,
        buffer_minutes=buffer_minutes,
    )


def person(
    ident: str,
    zone: str,
    window: Interval,
    required: bool = True,
    busy: tuple[Interval, ...] = (),
    meetings: tuple[Interval, ...] = (),
    **pattern,
) -> Attendee:
    """An attendee called `ident` (display name capitalised) with a weekly pattern."""
    return Attendee(
        id=ident,
        display_name=ident.capitalize(),
        zone=zone,
        timeline=timeline(zone, window, **pattern),
        required=required,
        busy=busy,
        meetings=meetings,
    )


def request(attendees: list[Attendee], window: Interval, **options) -> SchedulingRequest:
    """A request organised by the first attendee, `now` a day before the window."""
    options.setdefault("duration", timedelta(minutes=30))
    options.setdefault("now", window.start - timedelta(days=1))
    return SchedulingRequest(
        attendees=tuple(attendees),
        organiser_id=attendees[0].id,
        window=window,
        **options,
    )


def all_text(value: object) -> str:
    """Every string reachable in a result, for privacy checks."""
    return repr(value)


# --- the helper itself ------------------------------------------------------------------


def test_berlin_nine_oclock_moves_in_utc_across_the_march_change():
    window = Interval(utc(2026, 3, 27), utc(2026, 3, 31))
    hours = expand_block(Block("09:00", "17:00"), "Europe/Berlin", window)
    assert [h.start for h in hours] == [utc(2026, 3, 27, 8), utc(2026, 3, 30, 7)]


def test_an_evening_block_ending_after_midnight_runs_into_the_next_day():
    window = Interval(utc(2026, 6, 1), utc(2026, 6, 3))
    shifts = expand_block(Block("22:00", "02:00", (0,)), "UTC", window)
    assert shifts == [Interval(utc(2026, 6, 1, 22), utc(2026, 6, 2, 2))]


def test_days_off_remove_whole_local_days():
    window = Interval(utc(2026, 6, 1), utc(2026, 6, 6))
    line = timeline("UTC", window, days_off=frozenset({date(2026, 6, 2)}))
    assert [w.start.day for w in line.working] == [1, 3, 4, 5]
