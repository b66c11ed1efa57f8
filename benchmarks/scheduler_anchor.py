"""Teamshape's scheduler on the shared anchor problem, timed beside the references.

Why it exists: issue 14 sets the scheduler's speed as ratios to a bare integer-bitmask
scan and to a naive per-slot scan of one problem (`anchor_reference`). This is the
project's own adapter, using the project's names: every person's 09:00-17:00
Monday-to-Friday pattern becomes a `WeeklyPattern` expanded with `expand` (zoneinfo
per date, so the DST changes in the window count), their busy epochs become
`Attendee.busy`, and the request is a 30-minute meeting on the 15-minute grid, no
notice, everyone required. Each timed run starts cold, from the raw input: new pattern
objects and cleared memo caches, as the references start from raw epoch numbers.

What is timed, the least CPU time of many runs (min-of-N: on a loaded machine other
work only ever adds time, so the minimum is the engine's own cost), all in one process
and interleaved run by run (this machine is shared, so only ratios measured side by
side mean anything); the ratio of medians is printed beside it as a check:

* `bitmask` and `naive`: the references, on the same people;
* `candidates`: input -> Teamshape types -> prepared masks -> candidate starts (what
  the references compute);
* `full`: input -> Teamshape types -> `suggest_slots` (ranking, diversity, per-person
  explanations, and when nothing fits the reasons and the relaxation search);
* `engine`: `suggest_slots` alone on an already built request, for context.

Correctness, checked on every size: the starts where everyone is free equal the
reference's `all_free`, and the number of people free at each start equals its
`counts` (a per-person check, so it bites even when nobody-in-common is the answer).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

from app.domain.intervals import Interval
from app.domain.scheduling import Attendee, SchedulingRequest, suggest_slots
from app.domain.scheduling.grid import set_bits
from app.domain.scheduling.search import Search, allowed_starts, candidates, prepare
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, expand, expansion
from benchmarks import anchor_reference as ref

SIZES = (5, 50, 200, 1000)


def utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def working_week(zone: str) -> WeeklyPattern:
    """09:00-17:00 Monday to Friday in `zone`, as its owner would write it."""
    blocks = tuple(WeeklyBlock(BlockKind.WORKING, day, dtime(9), dtime(17)) for day in range(5))
    return WeeklyPattern(zone=zone, blocks=blocks)


def build(inp: dict, ids: list[int]) -> SchedulingRequest:
    """The anchor's people `ids` as a Teamshape request: everyone required, no notice.

    Busy epochs become UTC datetimes in one C call each, as a service gets them from
    its database rows; the Intervals are built as any caller builds them.
    """
    window = Interval(utc(inp["window_start"]), utc(inp["window_end"]))
    attendees, at = [], datetime.fromtimestamp
    for i in ids:
        person = inp["people"][i]
        timeline = expand(working_week(person["tz"]), window)
        busy = tuple(Interval(at(s, UTC), at(e, UTC)) for s, e in person["busy"])
        attendees.append(Attendee(str(i), f"p{i}", person["tz"], timeline, True, busy))
    return SchedulingRequest(
        attendees=tuple(attendees),
        organiser_id=str(ids[0]),
        duration=timedelta(minutes=inp["duration_min"]),
        window=window,
        now=window.start,
        grid=timedelta(minutes=inp["step_min"]),
        minimum_notice=timedelta(0),
    )


def cold() -> None:
    """Forget every memo the engine and the expansion keep between calls."""
    expansion.block_interval.cache_clear()
    expansion.regular_working.cache_clear()
    gc.collect()


def candidate_starts(inp: dict, ids: list[int]) -> tuple[Search, int]:
    search = prepare(build(inp, ids))
    found, _checked = candidates(search)
    return search, found


def our_answer(search: Search, found: int) -> dict:
    """`all_free` and `counts` in the references' terms, read off Teamshape's masks."""
    request, grid = search.request, search.grid
    length = search.cells(request.duration)
    allowed = allowed_starts(search, length, request.window.start, request.window.end)
    positions = set_bits(allowed)
    counts = dict.fromkeys(positions, 0)
    for masks in search.masks:
        for position in set_bits(masks.can_start(length) & allowed):
            counts[position] += 1
    all_free = [grid.origin_ts + p * grid.cell_seconds for p in set_bits(found)]
    return {"counts": [counts[p] for p in positions], "all_free": all_free}


def profile(size: int, runs: int = 200, top: int = 30) -> None:
    """cProfile `runs` cold `full` runs at `size` anchor people; print the top own costs.

    For the fixed costs at a few people (request building, expansion, explanations):
    the clearing of memos and the garbage collection between runs stay outside.
    """
    inp, ids = ref.generate(people=size), list(range(size))
    profiler = cProfile.Profile()
    for _ in range(runs):
        cold()
        profiler.enable()
        suggest_slots(build(inp, ids))
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one cold call. On a busy shared machine the wall time of a
    few-millisecond call is mostly whether the scheduler preempted it; CPU time is not."""
    cold()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def measure(inp: dict, ids: list[int], runs: int, naive_runs: int) -> dict:
    """Least CPU milliseconds per implementation, runs interleaved; and the checks."""
    want = ref.bitmask(inp, ids)
    search, found = candidate_starts(inp, ids)
    got = our_answer(search, found)
    request = build(inp, ids)
    plan: dict[str, Callable[[], object]] = {
        "bitmask": lambda: ref.bitmask(inp, ids),
        "candidates": lambda: candidate_starts(inp, ids),
        "full": lambda: suggest_slots(build(inp, ids)),
        "engine": lambda: suggest_slots(request),
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in plan}
    times["naive"] = []
    for run in range(runs):
        for name, fn in plan.items():
            times[name].append(timed(fn))
        if run < naive_runs:
            times["naive"].append(timed(lambda: ref.naive(inp, ids)))
    result = suggest_slots(request)
    cpu = {name: [c for c, _ in values] for name, values in times.items() if values}
    row = {name: min(values) for name, values in cpu.items()}
    medians = {name: statistics.median(cpu[name]) for name in ("full", "bitmask")}
    row.update(
        median_ratio=medians["full"] / medians["bitmask"],
        attendees=len(ids),
        all_free=len(want["all_free"]),
        equal=got == want,
        suggestions=len(result.suggestions),
        cells=search.grid.size,
        spread=_spread(cpu),
    )
    if naive_runs:
        row["naive_equal"] = ref.naive(inp, ids) == want
    return row


def _spread(times: dict[str, list[float]]) -> float:
    """Largest (max - min) / median over the timed implementations, as noise context."""
    spreads = [(max(v) - min(v)) / statistics.median(v) for v in times.values() if len(v) > 1]
    return max(spreads, default=0.0)


def runs_for(size: int, runs: int) -> int:
    return max(3, runs if size <= 50 else runs // 4 if size <= 200 else runs // 10)


def naive_runs_for(size: int, naive_max: int) -> int:
    if size > naive_max:
        return 0
    return 3 if size <= 50 else 1


def people_input(inp: dict | None, size: int) -> dict:
    """`size` anchor people: the dumped input's when it has enough, else generated."""
    if inp is not None and len(inp["people"]) >= size:
        return inp
    generated = ref.generate(people=size)
    if inp is not None and _people(inp) != _people(generated)[: len(inp["people"])]:
        raise SystemExit("the dumped input is not the anchor generator's: cannot extend it")
    return generated


def _people(inp: dict) -> list[tuple[str, list[tuple[int, int]]]]:
    return [(p["tz"], [(s, e) for s, e in p["busy"]]) for p in inp["people"]]


def report(inp: dict | None, runs: int, naive_max: int, sizes: tuple[int, ...] = SIZES) -> bool:
    """Print the anchor table; False when any output differs from the reference."""
    print("\nshared anchor (../shared/perf): 09-17 Mon-Fri in 5 zones, 4 weeks across both DST")
    print("ends, 15 busy/person/week, 30-min meeting on a 15-min grid; least CPU ms of each")
    print("implementation over the runs (min-of-N), one process, interleaved run by run; each")
    print("run cold, from raw input")
    print(f"{'people':>6} {'bitmask':>8} {'naive':>9} {'cand':>8} {'full':>8} {'engine':>8} "
          f"{'full/bm':>8} {'cand/bm':>8} {'full/nv':>8} {'med f/bm':>9} {'us/person':>9} "
          f"{'spread':>7}  check")  # fmt: skip
    ok = True
    for size in sizes:
        data = people_input(inp, size)
        naive_runs = naive_runs_for(size, naive_max)
        row = measure(data, list(range(size)), runs_for(size, runs), naive_runs)
        ok &= row["equal"] and row.get("naive_equal", True)
        naive_ms = row.get("naive")
        print(
            f"{size:>6} {row['bitmask']:8.2f} {_opt(naive_ms, 9, 1)} {row['candidates']:8.2f} "
            f"{row['full']:8.2f} {row['engine']:8.2f} {row['full'] / row['bitmask']:8.2f} "
            f"{row['candidates'] / row['bitmask']:8.2f} "
            f"{_opt(naive_ms and row['full'] / naive_ms, 8, 3)} {row['median_ratio']:9.2f} "
            f"{row['full'] * 1000 / size:9.1f} {row['spread']:7.2f}  {_check(row)}"
        )
    print("targets: full/bm <= 2 at 5 and 50 people, full/nv <= 0.06 at 50; us/person flat")
    print("cand: raw input to candidate starts; full: raw input to suggest_slots' answer;")
    print("engine: suggest_slots on a built request; med f/bm: the full/bm ratio of the CPU")
    print("time medians; spread: (max - min) / median CPU time of the noisiest implementation")
    return ok


def report_window(runs: int, weeks: tuple[int, ...] = (1, 2, 4, 8)) -> None:
    """Full `suggest_slots` at 50 people as the window grows: time per person-day."""
    print("\nwindow length at 50 anchor people (us per person-day should stay flat)")
    for count in weeks:
        inp = ref.generate(people=50, weeks=count)
        row = measure(inp, list(range(50)), runs, 0)
        per_day = row["full"] * 1000 / (50 * 7 * count)
        print(f"  {count} weeks: full {row['full']:7.2f} ms, bitmask {row['bitmask']:7.2f} ms, "
              f"full/bm {row['full'] / row['bitmask']:5.2f}, {per_day:5.1f} us/person-day, "
              f"counts {'==' if row['equal'] else '!='} bitmask")  # fmt: skip


def _opt(value: float | None, width: int, digits: int) -> str:
    return f"{value:{width}.{digits}f}" if value else f"{'-':>{width}}"


def _check(row: dict) -> str:
    text = f"all_free={row['all_free']} counts {'==' if row['equal'] else '!='} bitmask"
    if "naive_equal" in row:
        text += f", bitmask {'==' if row['naive_equal'] else '!='} naive"
    return f"{text}, {row['suggestions']} suggestions"
