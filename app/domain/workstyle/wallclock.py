"""Wall-clock times in a member's zone to UTC instants, with one rule for DST edges.

Local times are resolved per date with `zoneinfo`, never with a fixed offset. Two
wall-clock readings need a rule, and both follow one principle: a block covers the
smallest UTC span that holds every instant whose local reading lies inside it.

* Gap (spring forward, e.g. 02:30 on 2026-03-29 in Europe/Berlin does not exist): a
  start or an end in the gap moves to the first valid instant after the gap, the
  transition itself (03:00 local). A block entirely inside the gap vanishes that day.
* Fold (fall back, e.g. 02:30 on 2026-10-25 in Berlin happens twice): a start takes
  the first occurrence (fold=0), an end the second (fold=1), so the block keeps every
  instant of its wall-clock span and is never shorter than it reads.

Either way the resulting interval is never negative; an empty one is dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_PRECISION = timedelta(seconds=1)


@lru_cache(maxsize=1024)
def load_zone(name: str) -> ZoneInfo | None:
    """The zone called `name`, or None when it is not a known IANA zone."""
    if not name or name != name.strip():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def is_in_gap(local: datetime) -> bool:
    """True when the naive-looking `local` reading (with tzinfo) never occurs."""
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) != local.replace(tzinfo=None)


def start_to_utc(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """UTC instant a block starting at `moment` on local `day` begins (gap: after it)."""
    plain = _unambiguous(day, moment, zone)
    if plain is not None:
        return plain
    local = datetime.combine(day, moment, tzinfo=zone).replace(fold=0)
    return _after_gap(local) if is_in_gap(local) else local.astimezone(UTC)


def end_to_utc(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """UTC instant a block ending at `moment` on local `day` ends (fold: second one)."""
    plain = _unambiguous(day, moment, zone)
    if plain is not None:
        return plain
    local = datetime.combine(day, moment, tzinfo=zone).replace(fold=1)
    return _after_gap(local) if is_in_gap(local) else local.astimezone(UTC)


def span_to_utc(
    day: date, start: time, end_day: date, end: time, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """`start_to_utc(day, start, zone)` and `end_to_utc(end_day, end, zone)` at once.

    Laying out a month of blocks does this for every block and date, so the common
    case (both readings happen exactly once, see `_unambiguous`) is done inline here;
    anything else goes through the two functions.
    """
    s0, s1 = _both_folds(start)
    e0, e1 = _both_folds(end)
    combine, offset = datetime.combine, zone.utcoffset
    s_offset = offset(combine(day, s0))
    e_offset = offset(combine(end_day, e0))
    if s_offset == offset(combine(day, s1)) and e_offset == offset(combine(end_day, e1)):
        return combine(day, s0, UTC) - s_offset, combine(end_day, e0, UTC) - e_offset
    return start_to_utc(day, start, zone), end_to_utc(end_day, end, zone)


def _unambiguous(day: date, moment: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of `moment` on local `day` when it happens exactly once, else None.

    zoneinfo reads a wall-clock time with both folds' offsets; they differ exactly when
    the reading is in a gap or a fold. Otherwise that one offset converts it, whichever
    fold is asked for: the common case, and much cheaper than the round trip of
    `is_in_gap` (`datetime.replace` alone costs more than a zone lookup).

    The zone is asked directly about a naive reading (`zone.utcoffset(naive)` reads the
    wall clock and its fold, as the aware datetime's `utcoffset()` would ask it): a
    third of the cost of building an aware datetime and passing the keyword.
    """
    first, second = _both_folds(moment)
    offset = zone.utcoffset(datetime.combine(day, first))
    if offset != zone.utcoffset(datetime.combine(day, second)):
        return None
    return datetime.combine(day, first, UTC) - offset


@lru_cache(maxsize=2048)
def _both_folds(moment: time) -> tuple[time, time]:
    """`moment` with fold 0 and with fold 1 (a constant per time of day)."""
    return moment.replace(fold=0), moment.replace(fold=1)


def _after_gap(local: datetime) -> datetime:
    """The transition instant closing the gap `local` sits in, in UTC.

    In a gap zoneinfo reads fold=1 with the offset after the transition (an earlier
    UTC instant) and fold=0 with the offset before it (a later one); the transition is
    the first instant between them whose offset is the post-transition one.
    """
    early = local.replace(fold=1).astimezone(UTC)
    late = local.replace(fold=0).astimezone(UTC)
    early, late = min(early, late), max(early, late)
    zone = local.tzinfo
    after_offset = late.astimezone(zone).utcoffset()
    while late - early > _PRECISION:
        middle = early + (late - early) / 2
        if middle.astimezone(zone).utcoffset() == after_offset:
            late = middle
        else:
            early = middle
    return late.replace(microsecond=0)
