"""The engine's bit-mask search finds exactly the starts a slot-by-slot check allows.

`test_scheduling_properties` checks that every suggestion keeps the hard rules and that
"nothing fits" is only said when nothing does; this checks the whole candidate set,
start by start, against the same independent statement of the hard rules (plain
interval logic and zoneinfo, no masks). So an optimisation of the masks cannot drop a
free slot, nor let an unfree one in, anywhere in the window — and the relaxations,
which reuse one wider preparation, find the same starts as a fresh one would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings

from app.domain.scheduling import SchedulingRequest
from app.domain.scheduling.engine import _organiser_days
from app.domain.scheduling.grid import set_bits
from app.domain.scheduling.search import Search, candidates, prepare
from tests.unit.test_scheduling_properties import requests, violations

SETTINGS = settings(max_examples=150, deadline=None)


def grid_starts(request: SchedulingRequest) -> list[datetime]:
    """Every start on the request's grid (aligned to the UNIX epoch) inside its window."""
    step = int(request.grid.total_seconds())
    first = -(-int(request.window.start.timestamp()) // step) * step
    start, found = datetime.fromtimestamp(first, UTC), []
    while start + request.duration <= request.window.end:
        found.append(start)
        start += request.grid
    return found


def slot_by_slot(request: SchedulingRequest) -> list[datetime]:
    """The starts that break no hard rule, each checked on its own."""
    return [start for start in grid_starts(request) if not violations(request, start)]


def found_starts(search: Search) -> list[datetime]:
    found, _checked = candidates(search)
    return [search.grid.instant(position) for position in set_bits(found)]


@SETTINGS
@given(requests())
def test_candidate_starts_are_exactly_the_starts_a_slot_by_slot_check_allows(ask):
    wider = prepare(ask)
    assert found_starts(wider.for_request(ask)) == slot_by_slot(ask)


@SETTINGS
@given(requests())
def test_a_shorter_meeting_on_the_same_preparation_finds_the_same_starts(ask):
    shorter = ask.duration - ask.grid
    if shorter < timedelta(minutes=15):
        return
    wider = prepare(ask)
    relaxed = replace(ask, duration=shorter)
    assert found_starts(wider.for_request(relaxed)) == slot_by_slot(relaxed)


@SETTINGS
@given(requests())
def test_the_organisers_day_starts_are_their_local_midnights(ask):
    """`_organiser_days` asks the zone about naive midnights; aware ones must agree."""
    search = prepare(ask)
    grid, zone = search.grid, ZoneInfo(ask.organiser.zone)
    first = grid.instant(0).astimezone(zone).date()
    last = grid.instant(grid.size).astimezone(zone).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 2)]
    midnights = [datetime.combine(day, time(), tzinfo=zone) for day in days]
    assert _organiser_days(search) == [grid.ceil(midnight) for midnight in midnights]
