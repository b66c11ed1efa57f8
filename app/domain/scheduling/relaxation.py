"""The smallest change to a request that gives suggestions when nothing fits.

Only the organiser's own choices are loosened, plus one person's attendance; nobody's
protected focus, routine, no-meeting time or meeting limit is ever overridden. Optional
attendees never block, so "drop an optional attendee" is never needed, and soft blocks
never block either, so "allow a soft block" cannot help. What is tried, and its size:

| relaxation                         | size (cost)                      |
| ---------------------------------- | -------------------------------- |
| shorten the meeting (grid steps)   | 1 per 5 minutes removed          |
| widen the window (whole days)      | 4 per day added                  |
| allow less notice                  | 2 per hour of notice removed     |
| make one required person optional | 40 (never the organiser)         |

Each kind contributes its smallest working step; all that work are sorted by size, then
by the order of the table, then by the attendee's place in the request. Widening reaches
only as far as every attendee's timeline does (at most 28 days), so services that want
it expand timelines past the window. All checks reuse the prepared masks.
"""

from __future__ import annotations

from datetime import timedelta

from app.domain.scheduling.explain import local_label
from app.domain.scheduling.model import Relaxation, RelaxationKind
from app.domain.scheduling.reasons import duration_text
from app.domain.scheduling.search import (
    Search,
    Together,
    allowed_starts,
    earliest_start,
    required_masks,
    together,
)

SHORTEST = timedelta(minutes=15)
ORDER = list(RelaxationKind)


def find_relaxations(search: Search) -> list[Relaxation]:
    """Every kind of relaxation that works, at its smallest step, smallest first."""
    group = together(required_masks(search, search.request))
    found = [
        r
        for r in (_shorten(search, group), _widen(search, group), _less_notice(search, group))
        if r is not None
    ]
    found.extend(_make_optional(search))
    return sorted(found, key=lambda r: (r.cost, ORDER.index(r.kind)))


def _fits(search: Search, group: Together, length: int, notice: timedelta) -> int:
    request = search.request
    earliest = earliest_start(request, notice)
    return group.starts(length) & allowed_starts(search, length, earliest, request.window.end)


def _shorten(search: Search, group: Together) -> Relaxation | None:
    request = search.request
    duration = request.duration - request.grid
    while duration >= SHORTEST:
        if _fits(search, group, search.cells(duration), request.minimum_notice):
            removed = int((request.duration - duration).total_seconds() // 60)
            return Relaxation(
                RelaxationKind.SHORTEN,
                f"shorten the meeting to {duration_text(duration)}",
                removed // 5,
                duration=duration,
            )
        duration -= request.grid
    return None


def _widen(search: Search, group: Together) -> Relaxation | None:
    request = search.request
    reach = search.grid.instant(search.grid.size)
    if reach <= request.window.end:
        return None
    length = search.cells(request.duration)
    earliest = earliest_start(request, request.minimum_notice)
    found = group.starts(length) & allowed_starts(search, length, earliest, reach)
    if not found:
        return None
    first = (found & -found).bit_length() - 1
    needed = search.grid.instant(first + length) - request.window.end
    days = -(-needed // timedelta(days=1))
    end = min(request.window.end + timedelta(days=days), reach)
    organiser = request.organiser
    return Relaxation(
        RelaxationKind.WIDEN,
        f"widen the window by {duration_text(timedelta(days=days))}, "
        f"to {local_label(end, organiser.zone)} ({organiser.zone})",
        4 * days,
        window_end=end,
    )


def _less_notice(search: Search, group: Together) -> Relaxation | None:
    request = search.request
    if request.now + request.minimum_notice <= request.window.start:
        return None
    found = _fits(search, group, search.cells(request.duration), timedelta(0))
    if not found:
        return None
    latest = search.grid.instant(found.bit_length() - 1)
    notice = timedelta(minutes=int((latest - request.now).total_seconds() // 60))
    hours_removed = -(-(request.minimum_notice - notice) // timedelta(hours=1))
    return Relaxation(
        RelaxationKind.LESS_NOTICE,
        f"allow {duration_text(notice)} notice instead of {duration_text(request.minimum_notice)}",
        2 * hours_removed,
        minimum_notice=notice,
    )


def _make_optional(search: Search) -> list[Relaxation]:
    """For each required non-organiser whose absence alone would free a slot."""
    request = search.request
    required = [(a, m) for a, m in zip(request.attendees, search.masks, strict=True) if a.required]
    suffix = [Together()]
    for _, masks in reversed(required):
        suffix.append(suffix[-1].add(masks))
    suffix.reverse()
    length = search.cells(request.duration)
    found, prefix = [], Together()
    for index, (attendee, masks) in enumerate(required):
        others = prefix.join(suffix[index + 1])
        if attendee.id != request.organiser_id and _fits(
            search, others, length, request.minimum_notice
        ):
            found.append(
                Relaxation(
                    RelaxationKind.MAKE_OPTIONAL,
                    f"make {attendee.display_name} optional",
                    40,
                    attendee_id=attendee.id,
                )
            )
        prefix = prefix.add(masks)
    return found
