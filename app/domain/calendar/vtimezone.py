"""VTIMEZONE components derived from tzdata, written as yearly RRULEs.

Every TZID in an exported calendar needs a VTIMEZONE, and clients disagree about how
to read them. `icalendar`'s `Timezone.from_tzinfo` lists every historical transition as
an RDATE, and vobject-based servers such as Radicale honour only the first RDATE, so
summer occurrences land an hour off. Here each zone's transitions over `HORIZON_YEARS`
are found with `zoneinfo`, and each kind of change (e.g. CET to CEST) is expressed as
one `RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..` that is checked against every year found.
When a zone follows no such rule (rules that change within the range, dates tied to a
lunar calendar), each transition becomes its own observance with a single DTSTART,
which every reader understands. A zone without transitions gets one STANDARD.

The result describes the zone from 1 January of `first_year` on (onsets are taken from
the year before, so a southern summer in January is covered too); earlier times are
not guaranteed to match tzdata's history, which is fine for calendars of future work.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HORIZON_YEARS = 20
_SCAN_STEP = timedelta(days=1)
_EPOCH_WALL = datetime(1970, 1, 1)  # noqa: DTZ001 - VTIMEZONE DTSTART is local wall time


@dataclass(frozen=True)
class Transition:
    """One change of UTC offset: when it happens and what it changes between."""

    instant: datetime
    offset_before: timedelta
    offset_after: timedelta
    name_after: str

    @property
    def wall_time(self) -> datetime:
        """Local wall-clock time of the change, read on the clock before it (naive)."""
        return (self.instant + self.offset_before).replace(tzinfo=None)

    @property
    def is_daylight(self) -> bool:
        return self.offset_after > self.offset_before

    @property
    def kind(self) -> tuple[timedelta, timedelta, str]:
        return (self.offset_before, self.offset_after, self.name_after)


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT block: onset, offsets, name and optional yearly rule."""

    daylight: bool
    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: dict[str, object] | None = None


def transitions(zone_name: str, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change in `zone_name` from `first_year` through `last_year`."""
    zone = ZoneInfo(zone_name)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    found: list[Transition] = []
    while moment < stop:
        later = min(moment + _SCAN_STEP, stop)
        if _offset(zone, moment) != _offset(zone, later):
            found.append(_pinpoint(zone, moment, later))
        moment = later
    return found


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _pinpoint(zone: ZoneInfo, low: datetime, high: datetime) -> Transition:
    """Bisect to the first second at which the offset differs from the one at `low`."""
    before = _offset(zone, low)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    name = high.astimezone(zone).tzname() or ""
    return Transition(high, before, _offset(zone, high), name)


def observances(zone_name: str, first_year: int) -> list[Observance]:
    """The observances describing `zone_name` from `first_year` on."""
    last_year = first_year + HORIZON_YEARS - 1
    found = transitions(zone_name, first_year - 1, last_year)  # onsets before 1 January
    if not found:
        return [_fixed_observance(zone_name, first_year)]
    result: list[Observance] = []
    for group in _group_by_kind(found):
        result.extend(_group_observances(group, last_year))
    result.sort(key=lambda item: item.start)
    if result[0].start > datetime(first_year, 1, 1):  # noqa: DTZ001 - local wall time
        result.insert(0, _observance_before(zone_name, found[0]))
    return result


def _observance_before(zone_name: str, first: Transition) -> Observance:
    """What holds before the first onset, when that onset falls after 1 January.

    Readers disagree about times before every onset: icalendar uses the first
    TZOFFSETFROM, vobject (dateutil) the first STANDARD's TZOFFSETTO. A zone whose only
    change in range is one-off (Almaty moving from +06 to +05 in March 2024) would then
    read an hour off until March in Radicale, so the offset before it gets its own
    observance, from 1970, which every reader applies the same way.
    """
    local = (first.instant - timedelta(seconds=1)).astimezone(ZoneInfo(zone_name))
    before = first.offset_before
    return Observance(bool(local.dst()), _EPOCH_WALL, before, before, local.tzname() or "")


def _fixed_observance(zone_name: str, year: int) -> Observance:
    local = datetime(year, 1, 1, tzinfo=UTC).astimezone(ZoneInfo(zone_name))
    offset = local.utcoffset()
    assert offset is not None
    return Observance(False, _EPOCH_WALL, offset, offset, local.tzname() or "")


def _group_by_kind(found: list[Transition]) -> list[list[Transition]]:
    groups: dict[tuple[timedelta, timedelta, str], list[Transition]] = {}
    for item in found:
        groups.setdefault(item.kind, []).append(item)
    return list(groups.values())


def _group_observances(group: list[Transition], last_year: int) -> list[Observance]:
    """One observance with a yearly rule if one fits every year, else one per change."""
    rule = _yearly_rule(group, last_year)
    if rule is not None:
        return [_observance(group[0], rule)]
    return [_observance(item, None) for item in group]


def _observance(item: Transition, rule: dict[str, object] | None) -> Observance:
    return Observance(
        item.is_daylight,
        item.wall_time,
        item.offset_before,
        item.offset_after,
        item.name_after,
        rule,
    )


def _yearly_rule(group: list[Transition], last_year: int) -> dict[str, object] | None:
    """A YEARLY rule matching exactly the group's changes, which must recur every year."""
    walls = [item.wall_time for item in group]
    years = [wall.year for wall in walls]
    if years != list(range(years[0], last_year + 1)):
        return None
    for rule, matches in _candidate_rules(walls[0]):
        if all(matches(wall) and wall.time() == walls[0].time() for wall in walls):
            return rule
    return None


def _candidate_rules(wall: datetime) -> Iterator[tuple[dict[str, object], object]]:
    """Rules that `wall`'s date satisfies: nth or last weekday, fixed day, weekday on/after."""
    weekday, month = wall.weekday(), wall.month
    code = DAY_CODES[weekday]
    nth = (wall.day - 1) // 7 + 1
    if nth <= 4:
        yield _rule(month, byday=f"{nth}{code}"), _nth_weekday(month, weekday, nth)
    if wall.day + 7 > gregorian.monthrange(wall.year, month)[1]:
        yield _rule(month, byday=f"-1{code}"), _nth_weekday(month, weekday, -1)
    yield _rule(month, bymonthday=wall.day), _fixed_day(month, wall.day)
    for first in range(max(1, wall.day - 6), wall.day + 1):
        rule = _rule(month, byday=code, bymonthday=list(range(first, first + 7)))
        yield rule, _weekday_on_or_after(month, weekday, first)


def _rule(month: int, **parts: object) -> dict[str, object]:
    return {"freq": "yearly", "bymonth": month, **parts}


def _nth_weekday(month: int, weekday: int, nth: int):
    def matches(wall: datetime) -> bool:
        if wall.month != month or wall.weekday() != weekday:
            return False
        if nth > 0:
            return (wall.day - 1) // 7 + 1 == nth
        return wall.day + 7 > gregorian.monthrange(wall.year, month)[1]

    return matches


def _weekday_on_or_after(month: int, weekday: int, first: int):
    """Tzdata's `Sun>=8` style: the first `weekday` on or after day `first`."""
    return lambda wall: (
        wall.month == month and wall.weekday() == weekday and (first <= wall.day < first + 7)
    )


def _fixed_day(month: int, day: int):
    return lambda wall: wall.month == month and wall.day == day


@lru_cache(maxsize=256)
def vtimezone_ical(zone_name: str, first_year: int) -> bytes:
    """The serialised VTIMEZONE for `zone_name` from `first_year` on, built once."""
    return _build_component(zone_name, first_year).to_ical()


def vtimezone(zone_name: str, first_year: int) -> Timezone:
    """A VTIMEZONE component for `zone_name` valid from `first_year` on."""
    return Timezone.from_ical(vtimezone_ical(zone_name, first_year))


def _build_component(zone_name: str, first_year: int) -> Timezone:
    component = Timezone()
    component.add("tzid", zone_name)
    for item in observances(zone_name, first_year):
        component.add_component(_observance_component(item))
    return component


def _observance_component(item: Observance) -> TimezoneStandard | TimezoneDaylight:
    block = TimezoneDaylight() if item.daylight else TimezoneStandard()
    block.add("dtstart", item.start)
    if item.rule is not None:
        block.add("rrule", item.rule)
    block.add("tzoffsetfrom", item.offset_from)
    block.add("tzoffsetto", item.offset_to)
    if item.name:
        block.add("tzname", item.name)
    return block
