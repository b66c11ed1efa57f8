"""The shared scheduler anchor's input and reference answers, kept in the project.

Why it exists: issue 14 measures Teamshape's scheduler against a bare integer-bitmask
scan and a naive per-slot zoneinfo scan of the same problem (`../shared/perf/
ref_slots.py`). The benchmark needs both in the same process, on the same input, so
the ratio is not skewed by whatever else the machine is doing; copying them here keeps
the benchmark working when that folder is absent. The algorithms are the anchor's,
unchanged (only split into smaller functions for the project's complexity limit):

* the problem: everyone works 09:00-17:00 local, Monday to Friday; busy intervals
  `[start, end)` are UTC epoch seconds; 30-minute meetings start every 15 minutes of
  the window (aligned to the UTC epoch); a person is free for `[t, t + duration)` when
  it lies inside one local working interval and overlaps none of their busy intervals;
* the answer: `counts`, how many people are free at each grid start, and `all_free`,
  the starts where everyone is;
* `generate` makes the same input as the anchor for the same seed (person i of a
  larger input is person i of a smaller one, so 5, 50, 200 and 1,000 people nest).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

ZONES = ("America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
         "Europe/Helsinki")  # fmt: skip
WORK_START, WORK_END = dtime(9, 0), dtime(17, 0)
# 2026-10-19 (Mon) .. 2026-11-16: crosses the EU (25 Oct) and US (1 Nov) DST ends.
WINDOW_START_DATE = date(2026, 10, 19)


def generate(seed: int = 42, people: int = 50, weeks: int = 4, events: int = 15) -> dict:
    """The anchor's deterministic input: `people` in five zones, `events` busy a week each.

    Busy events start on a random local weekday between 08:00 and 17:55 (5-minute steps)
    and last 15, 30, 45, 60 or 90 minutes, so some spill outside working hours.
    """
    rng = random.Random(seed)
    window_start = int(datetime.combine(WINDOW_START_DATE, dtime(0), tzinfo=UTC).timestamp())
    persons = []
    for i in range(people):
        zone_name = ZONES[i % len(ZONES)]
        zone = ZoneInfo(zone_name)
        busy = []
        for week in range(weeks):
            for _ in range(events):
                day = WINDOW_START_DATE + timedelta(days=7 * week + rng.randrange(5))
                minute = 8 * 60 + 5 * rng.randrange(120)
                local = datetime.combine(day, dtime(minute // 60, minute % 60), tzinfo=zone)
                start = int(local.timestamp())
                busy.append((start, start + 60 * rng.choice((15, 30, 45, 60, 90))))
        busy.sort()
        persons.append({"id": i, "tz": zone_name, "busy": busy})
    return {"window_start": window_start, "window_end": window_start + weeks * 7 * 86400,
            "duration_min": 30, "step_min": 15, "people": persons}  # fmt: skip


def grid_starts(inp: dict) -> list[int]:
    """Every candidate start of the window, as UTC epoch seconds."""
    step, duration = inp["step_min"] * 60, inp["duration_min"] * 60
    return list(range(inp["window_start"], inp["window_end"] - duration + 1, step))


def _chosen(inp: dict, attendees: list[int] | None) -> list[dict]:
    return inp["people"] if attendees is None else [inp["people"][i] for i in attendees]


# ------------------------------------------------------------------------------- naive
def _naive_free(person: dict, zone: ZoneInfo, t: int, duration: int) -> bool:
    local_start = datetime.fromtimestamp(t, zone)
    local_end = datetime.fromtimestamp(t + duration, zone)
    if local_start.weekday() >= 5 or local_start.date() != local_end.date():
        return False
    if local_start.time() < WORK_START or local_end.time() > WORK_END:
        return False
    return not any(bs < t + duration and be > t for bs, be in person["busy"])


def naive(inp: dict, attendees: list[int] | None = None) -> dict:
    """Per-slot scan with zoneinfo: O(slots x people x busy)."""
    people = _chosen(inp, attendees)
    duration = inp["duration_min"] * 60
    zones = [ZoneInfo(p["tz"]) for p in people]
    counts, all_free = [], []
    for t in grid_starts(inp):
        count = sum(_naive_free(p, z, t, duration) for p, z in zip(people, zones, strict=True))
        counts.append(count)
        if count == len(people):
            all_free.append(t)
    return {"counts": counts, "all_free": all_free}


# ----------------------------------------------------------------------------- bitmask
def _working_cells(person: dict, inp: dict, step: int) -> int:
    ws, we = inp["window_start"], inp["window_end"]
    zone = ZoneInfo(person["tz"])
    mask = 0
    day = datetime.fromtimestamp(ws, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(we, zone).date()
    while day <= last:
        if day.weekday() < 5:
            s = int(datetime.combine(day, WORK_START, tzinfo=zone).timestamp())
            e = int(datetime.combine(day, WORK_END, tzinfo=zone).timestamp())
            s, e = max(s, ws), min(e, we)
            a, b = -(-(s - ws) // step), (e - ws) // step  # cells wholly inside
            if s < e and a < b:
                mask |= ((1 << (b - a)) - 1) << a
        day += timedelta(days=1)
    return mask


def free_cells_mask(person: dict, inp: dict, step: int, n_cells: int) -> int:
    """Bit k set: cell k is inside working hours and touches no busy interval."""
    ws, we = inp["window_start"], inp["window_end"]
    mask = _working_cells(person, inp, step)
    for bs, be in person["busy"]:
        if be <= ws or bs >= we:
            continue
        a = max(0, (bs - ws) // step)  # any cell the busy interval touches
        b = min(n_cells, -(-(be - ws) // step))
        if a < b:
            mask &= ~(((1 << (b - a)) - 1) << a)
    return mask


def slot_masks(inp: dict, attendees: list[int] | None = None) -> list[int]:
    """Per person, bit k set when a whole meeting starting at grid start k fits."""
    step = inp["step_min"] * 60
    k = inp["duration_min"] // inp["step_min"]
    n_cells = (inp["window_end"] - inp["window_start"]) // step
    n_slots = n_cells - k + 1
    masks = []
    for person in _chosen(inp, attendees):
        free = free_cells_mask(person, inp, step, n_cells)
        mask = free
        for j in range(1, k):
            mask &= free >> j
        masks.append(mask & ((1 << n_slots) - 1))
    return masks


def _vertical_counts(masks: list[int], n_slots: int) -> list[int]:
    """Per-slot counts of set bits across `masks`, with a bit-sliced counter."""
    planes: list[int] = []
    for mask in masks:
        carry = mask
        for b in range(len(planes)):
            if not carry:
                break
            planes[b], carry = planes[b] ^ carry, planes[b] & carry
        if carry:
            planes.append(carry)
    counts = [0] * n_slots
    for b, plane in enumerate(planes):
        while plane:
            low = plane & -plane
            counts[low.bit_length() - 1] += 1 << b
            plane ^= low
    return counts


def bitmask(inp: dict, attendees: list[int] | None = None) -> dict:
    """One Python int per person over the window's 15-minute cells; then AND and count."""
    step = inp["step_min"] * 60
    n_slots = len(grid_starts(inp))
    masks = slot_masks(inp, attendees)
    everyone = (1 << n_slots) - 1
    for mask in masks:
        everyone &= mask
    all_free = []
    while everyone:
        low = everyone & -everyone
        all_free.append(inp["window_start"] + (low.bit_length() - 1) * step)
        everyone ^= low
    return {"counts": _vertical_counts(masks, n_slots), "all_free": all_free}
