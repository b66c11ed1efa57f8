"""Benchmark of `suggest_slots` on a realistic, seeded input.

Why it exists: the scheduler must answer while the organiser waits, for 2 to 200
people. The input is generated with a fixed seed: attendees spread over five zones on
three continents, a 4-week window from 2026-03-16 crossing the European (29 March) and
Sydney (5 April) DST changes, working hours with energy levels, focus, routines and
~15 busy events per person per week, a 15-minute grid and a 30-minute meeting.
Timelines reach a week past the window, as a service would expand them to allow the
"widen the window" relaxation.

Run: `python benchmarks/bench_scheduler.py` (`--help` for options). It prints the
median time of several runs for a request with answers and one where nothing fits
every required attendee (so reasons and relaxations are measured), and candidate
starts per second. Then the shared anchor problem (`scheduler_anchor`): Teamshape
beside an in-process integer-bitmask reference and a naive per-slot scan on the same
input, for 5, 50, 200 and 1,000 people, with the outputs checked against the
reference. It asserts nothing about time; it exits 1 if an output differs.
`--profile 5` instead profiles cold anchor runs at 5 people (cProfile, own time first).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time as clock
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.intervals import Interval, merge  # noqa: E402
from app.domain.scheduling import (  # noqa: E402
    Attendee,
    MeetingType,
    SchedulingRequest,
    SchedulingResult,
    suggest_slots,
)
from app.domain.timeline import Energy, EnergyInterval, MarkedInterval, Timeline  # noqa: E402
from benchmarks import scheduler_anchor  # noqa: E402

SEED = 20260316
START = datetime(2026, 3, 16, tzinfo=UTC)
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago")
FAR_ZONE = "Australia/Sydney"
RUNS = 9


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    return (
        datetime.combine(day, time(), tzinfo=zone)
        .replace(hour=minutes // 60, minute=minutes % 60)
        .astimezone(UTC)
    )


class PersonMaker:
    """Seeded generator of one attendee's weekly style laid out per local date."""

    def __init__(self, rng: random.Random, span: Interval) -> None:
        self.rng, self.span = rng, span

    def days(self, zone: ZoneInfo) -> list[date]:
        first = self.span.start.astimezone(zone).date()
        count = (self.span.end - self.span.start).days + 1
        return [first + timedelta(days=n) for n in range(count)]

    def make(self, ident: int, zone_name: str, required: bool) -> Attendee:
        rng, zone = self.rng, ZoneInfo(zone_name)
        begin = rng.choice((450, 480, 510, 540, 570, 600))
        lunch = rng.random() < 0.5
        peak_at = begin + rng.choice((60, 120, 300))
        workdays = [d for d in self.days(zone) if d.weekday() < 5 and rng.random() > 0.03]
        working, energy, focus, routines, busy = [], [], [], [], []
        for day in workdays:
            end = begin + 510
            if lunch:
                working += [(day, begin, begin + 240), (day, begin + 300, end)]
            else:
                working.append((day, begin, end))
            energy.append((day, peak_at, peak_at + 120, Energy.PEAK))
            energy.append((day, begin + 330, begin + 390, Energy.LOW))
            if rng.random() < 0.3:
                focus.append((day, begin, begin + 120, rng.random() < 0.5, ""))
            if rng.random() < 0.4:
                label = "school run" if rng.random() < 0.7 else "therapy"
                routines.append((day, end - 60, end - 30, rng.random() < 0.5, label))
            busy += self.busy_day(day, begin, end)
        return self.attendee(ident, zone_name, required, working, energy, focus, routines, busy)

    def busy_day(self, day: date, begin: int, end: int) -> list[tuple[date, int, int]]:
        rng = self.rng
        found = []
        for _ in range(rng.choice((2, 3, 3, 4))):
            start = rng.randrange(begin, end - 30, 15)
            found.append((day, start, start + rng.choice((30, 30, 45, 60))))
        return found

    def attendee(self, ident, zone_name, required, working, energy, focus, routines, busy):
        zone = ZoneInfo(zone_name)

        def iv(day: date, lo: int, hi: int) -> Interval:
            return Interval(_at(day, lo, zone), _at(day, hi, zone))

        timeline = Timeline(
            zone=zone_name,
            window=self.span,
            working=tuple(merge(iv(d, lo, hi) for d, lo, hi in working)),
            energy=tuple(EnergyInterval(iv(d, lo, hi), level) for d, lo, hi, level in energy),
            focus=tuple(MarkedInterval(iv(d, lo, hi), hard) for d, lo, hi, hard, _ in focus),
            routines=tuple(
                MarkedInterval(iv(d, lo, hi), hard, label, label == "therapy")
                for d, lo, hi, hard, label in routines
            ),
            max_meetings_per_day=self.rng.choice((None, 4, 5, 6)),
            buffer_minutes=self.rng.choice((0, 5, 10, 15)),
        )
        meetings = tuple(iv(d, lo, hi) for d, lo, hi in busy[::3])
        imported = tuple(iv(d, lo, hi) for i, (d, lo, hi) in enumerate(busy) if i % 3)
        return Attendee(
            f"p{ident}", f"Person {ident}", zone_name, timeline, required, imported, meetings
        )


def required_count(size: int) -> int:
    return {2: 2, 10: 3, 50: 4, 200: 5}.get(size, max(2, size // 40))


def build_request(size: int, weeks: int = 4) -> SchedulingRequest:
    """`size` attendees; the first few required, in zones that do overlap."""
    rng = random.Random(SEED + size)
    window = Interval(START, START + timedelta(weeks=weeks))
    maker = PersonMaker(rng, Interval(START, window.end + timedelta(weeks=1)))
    zones = (*ZONES, FAR_ZONE)
    near = ("Europe/London", "Europe/Berlin", "America/New_York")
    must = required_count(size)
    attendees = [
        maker.make(i, near[i % 3] if i < must else zones[i % 5], i < must) for i in range(size)
    ]
    return SchedulingRequest(
        attendees=tuple(attendees),
        organiser_id="p0",
        duration=timedelta(minutes=30),
        window=window,
        now=START - timedelta(days=1),
        meeting_type=MeetingType.DECISION,
    )


def nothing_fits(request: SchedulingRequest) -> SchedulingRequest:
    """The same request with a required Sydney member: no shared working hours."""
    far = next((a for a in request.attendees[1:] if a.zone == FAR_ZONE), None)
    if far is None:
        rng = random.Random(SEED)
        maker = PersonMaker(rng, request.attendees[0].timeline.window)
        far = maker.make(999, FAR_ZONE, True)
        attendees = (request.attendees[0], far)
    else:
        attendees = tuple(replace(a, required=True) if a is far else a for a in request.attendees)
    return replace(request, attendees=attendees)


def median_ms(request: SchedulingRequest) -> tuple[float, float, SchedulingResult]:
    """Median wall time and median CPU time (ms) of `RUNS` calls, and the result.

    CPU time is printed too because this machine is shared: other people's test runs
    stretch wall time, not the CPU time the engine itself needs.
    """
    walls, cpus, result = [], [], None
    for _ in range(RUNS):
        gc.collect()
        wall, cpu = clock.perf_counter(), clock.process_time()
        result = suggest_slots(request)
        cpus.append(clock.process_time() - cpu)
        walls.append(clock.perf_counter() - wall)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, result


def report(size: int) -> None:
    fits = build_request(size)
    fits_ms, fits_cpu, found = median_ms(fits)
    stuck_ms, stuck_cpu, empty = median_ms(nothing_fits(fits))
    assert found.suggestions, "the answered request should have answers"
    assert not empty.suggestions and empty.reasons, "the stuck request should explain itself"
    starts = found.starts_checked
    print(
        f"{size:>5} {fits_ms:>8.2f} {fits_cpu:>7.2f} {stuck_ms:>9.2f} {stuck_cpu:>7.2f} "
        f"{len(found.suggestions):>5} {starts / fits_ms * 1000:>10,.0f} "
        f"{starts * size / fits_ms * 1000:>12,.0f}  "
        f"{(empty.relaxation.description if empty.relaxation else '-')}"
    )


def synthetic() -> None:
    print(f"suggest_slots, median of {RUNS} runs, 4-week window, 15-min grid, 30-min meeting")
    print("times in ms; 'fits' has answers, 'nothing' fits no-one and proposes a relaxation")
    print(
        f"{'size':>5} {'fits':>8} {'cpu':>7} {'nothing':>9} {'cpu':>7} {'shown':>5} "
        f"{'starts/s':>10} {'att*starts/s':>12}  relaxation proposed when nothing fits"
    )
    for size in (2, 10, 50, 200):
        report(size)
    print("\nwindow length at 50 attendees (growth should be about linear)")
    for weeks in (1, 2, 4, 8):
        wall, cpu, _ = median_ms(build_request(50, weeks))
        print(f"  {weeks} weeks: {wall:6.2f} ms (cpu {cpu:6.2f} ms)")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("synthetic", "anchor"), help="run one part")
    parser.add_argument("--input", help="the anchor's dumped input.json (default: generated)")
    parser.add_argument("--runs", type=int, default=41, help="anchor runs at 5 and 50 people")
    parser.add_argument("--naive-max", type=int, default=200, help="largest size to run naive")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(scheduler_anchor.SIZES))
    parser.add_argument(
        "--profile",
        type=int,
        metavar="PEOPLE",
        help="cProfile cold anchor runs at PEOPLE, then stop",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.profile:
        scheduler_anchor.profile(args.profile)
        return
    if args.only != "anchor":
        synthetic()
    if args.only == "synthetic":
        return
    inp = json.loads(Path(args.input).read_text()) if args.input else None
    ok = scheduler_anchor.report(inp, args.runs, args.naive_max, tuple(args.sizes))
    scheduler_anchor.report_window(max(3, args.runs // 3))
    if not ok:
        raise SystemExit("an output differs from the reference")


if __name__ == "__main__":
    main()
