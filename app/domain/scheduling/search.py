"""The prepared search: the grid, every attendee's masks, and the hard rules on them.

Separated from `engine` so the relaxation step can reuse one preparation for many
variants of the request (shorter, wider, less notice, someone optional) without laying
the intervals onto the grid again — that step is most of the cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import gcd

from app.domain.scheduling.availability import AttendeeMasks, build_masks
from app.domain.scheduling.grid import Grid, grid_for, run_and
from app.domain.scheduling.model import SchedulingRequest


@dataclass(frozen=True)
class Search:
    """A request's grid and masks; `grid` may reach past the request's window end."""

    request: SchedulingRequest
    grid: Grid
    masks: tuple[AttendeeMasks, ...]

    @property
    def cell(self) -> timedelta:
        return timedelta(seconds=self.grid.cell_seconds)

    def cells(self, span: timedelta) -> int:
        """Whole cells covering `span` (rounded up)."""
        return -(-int(span.total_seconds()) // self.grid.cell_seconds)

    def for_request(self, request: SchedulingRequest) -> Search:
        """This preparation cut to `request`'s window (same attendees, same start)."""
        size = min(self.grid.size, self.grid.ceil(request.window.end))
        if size == self.grid.size and request is self.request:
            return self
        grid = Grid(self.grid.origin_ts, self.grid.cell_seconds, size)
        return Search(request, grid, tuple(m.limited(size) for m in self.masks))


def cell_for(request: SchedulingRequest) -> timedelta:
    """Cells fine enough that every slot of this duration on this grid is whole cells.

    Shortening by whole grid steps keeps the same cell, so relaxations reuse the masks.
    """
    grid_m = int(request.grid.total_seconds() // 60)
    return timedelta(minutes=gcd(grid_m, int(request.duration.total_seconds() // 60)))


MAX_WIDEN = timedelta(days=28)


def widen_reach(request: SchedulingRequest) -> datetime:
    """How far the window could be widened: as far as every timeline reaches (capped)."""
    window = request.window
    reach = min(a.timeline.window.end for a in request.attendees)
    return max(window.end, min(reach, window.end + MAX_WIDEN))


def prepare(request: SchedulingRequest) -> Search:
    """Lay every attendee onto a grid from the window start to the widening reach.

    One pass over the intervals serves both the request (see `for_request`) and every
    relaxation of it, including a wider window.
    """
    end = widen_reach(request)
    grid = grid_for(request.window.start, end, cell_for(request), request.grid)
    return Search(request, grid, tuple(build_masks(a, grid) for a in request.attendees))


def earliest_start(request: SchedulingRequest, notice: timedelta) -> datetime:
    """The first instant a slot may start: the window start or now plus the notice."""
    return max(request.window.start, request.now + notice)


def allowed_starts(search: Search, length: int, earliest: datetime, end: datetime) -> int:
    """Grid-aligned starts from `earliest` whose `length`-cell slot ends by `end`."""
    grid = search.grid
    first, last = grid.ceil(earliest), grid.floor(end) - length
    return grid.every(search.cells(search.request.grid)) & grid.span(first, last + 1)


@dataclass(frozen=True)
class Together:
    """Several attendees at once: cells free for all, start positions full for any."""

    free: int = -1
    full_days: int = 0

    def add(self, masks: AttendeeMasks) -> Together:
        """This group with one more attendee."""
        return Together(self.free & masks.free, self.full_days | masks.day_full)

    def join(self, other: Together) -> Together:
        """Both groups at once."""
        return Together(self.free & other.free, self.full_days | other.full_days)

    def starts(self, length: int) -> int:
        """Starts where all of the group could attend a `length`-cell meeting."""
        return run_and(self.free, length) & ~self.full_days


def together(masks: Sequence[AttendeeMasks]) -> Together:
    """The group of `masks`."""
    free, full_days = -1, 0
    for mask in masks:
        free &= mask.free
        full_days |= mask.day_full
    return Together(free, full_days)


def required_masks(search: Search, request: SchedulingRequest) -> list[AttendeeMasks]:
    """The masks of `request`'s required attendees."""
    return [m for m, a in zip(search.masks, request.attendees, strict=True) if a.required]


def candidates(search: Search) -> tuple[int, int]:
    """(starts that suit every required attendee, grid starts checked)."""
    request = search.request
    length = search.cells(request.duration)
    earliest = earliest_start(request, request.minimum_notice)
    allowed = allowed_starts(search, length, earliest, request.window.end)
    group = together(required_masks(search, request))
    return group.starts(length) & allowed, allowed.bit_count()
