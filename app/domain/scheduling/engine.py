"""`suggest_slots`: the whole search, from a request to ranked, diverse suggestions.

The steps are kept apart so each stays small and the costly one runs once: lay the
attendees onto the grid (`search.prepare`), AND the required attendees' masks into
candidate starts, score every candidate with bit masks (`scoring`), pick a diverse
short list (`diversity`), and only then spend datetimes and zoneinfo on the handful of
slots that are shown (`explain`). When nothing fits, the same masks explain why
(`reasons`) and find the smallest relaxation (`relaxation`).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval
from app.domain.scheduling.diversity import pick_diverse
from app.domain.scheduling.explain import Slot, attendee_line
from app.domain.scheduling.model import SchedulingRequest, SchedulingResult, Suggestion
from app.domain.scheduling.reasons import why_nothing_fits
from app.domain.scheduling.relaxation import find_relaxations
from app.domain.scheduling.scoring import Features, Shape, features, score_starts
from app.domain.scheduling.search import Search, candidates, prepare

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def suggest_slots(request: SchedulingRequest) -> SchedulingResult:
    """Ranked, diverse slots for `request`; or why none fit and the smallest way out."""
    wider = prepare(request)
    search = wider.for_request(request)
    suggestions, checked = ranked_suggestions(search)
    if suggestions:
        return SchedulingResult(suggestions, starts_checked=checked)
    reasons = tuple(why_nothing_fits(search))
    relaxations = find_relaxations(wider)
    if not relaxations:
        return SchedulingResult((), reasons, starts_checked=checked)
    best = relaxations[0]
    relaxed, _ = ranked_suggestions(wider.for_request(best.apply(request)))
    return SchedulingResult(
        (), reasons, best, relaxed, tuple(relaxations[1:]), starts_checked=checked
    )


def ranked_suggestions(search: Search) -> tuple[tuple[Suggestion, ...], int]:
    """The diverse short list for `search.request`, and how many starts were checked."""
    request = search.request
    found, checked = candidates(search)
    if not found:
        return (), checked
    shape = Shape(search.cells(request.duration), search.grid.cell_seconds // 60)
    attend = [
        found if a.required else m.can_start(shape.cells)
        for a, m in zip(request.attendees, search.masks, strict=True)
    ]
    feature_list = [
        features(m, shape, a.timeline.buffer_minutes)
        for a, m in zip(request.attendees, search.masks, strict=True)
    ]
    required = [a.required for a in request.attendees]
    scores = score_starts(
        found, search.grid.size, attend, required, feature_list, request.meeting_type
    )
    ranked = sorted(scores, key=lambda p: (-scores[p], p))
    picked = pick_diverse(
        ranked,
        _organiser_days(search),
        search.cells(request.min_spacing),
        request.max_per_day,
        request.max_results,
    )
    zones = [ZoneInfo(a.zone) for a in request.attendees]
    shown = tuple(
        _suggestion(search, shape, zones, feature_list, attend, p, scores[p]) for p in picked
    )
    return shown, checked


def _organiser_days(search: Search) -> list[int]:
    """First start position of each local day of the organiser across the grid.

    Each is `grid.ceil(local_midnight(day, zone))`, worked out from the midnight's UTC
    offset (what `timestamp()` reads too) to spare a conversion per day.
    """
    grid, zone = search.grid, ZoneInfo(search.request.organiser.zone)
    first = grid.instant(0).astimezone(zone).date()
    last = grid.instant(grid.size).astimezone(zone).date()
    origin, cell, offset_of, naive_midnight = (
        grid.origin_ts,
        grid.cell_seconds,
        zone.utcoffset,
        datetime.fromordinal,
    )
    starts = []
    for ordinal in range(first.toordinal(), last.toordinal() + 2):
        # The zone read about the naive midnight, as the aware one would ask it; whole
        # seconds throughout (zone offsets have no microseconds), so no float rounding.
        offset = offset_of(naive_midnight(ordinal))
        midnight = (ordinal - EPOCH_ORDINAL - offset.days) * 86400 - offset.seconds
        starts.append(-((origin - midnight) // cell))
    return starts


def _suggestion(
    search: Search,
    shape: Shape,
    zones: list[ZoneInfo],
    feature_list: list[Features],
    attend: list[int],
    position: int,
    score: int,
) -> Suggestion:
    request = search.request
    start = search.grid.instant(position)
    slot = Slot(position, shape.cells, Interval(start, start + request.duration), search.grid)
    meeting_type, masks = request.meeting_type, search.masks
    lines = tuple(
        attendee_line(a, z, m, f, slot, meeting_type, (can >> position) & 1 == 1)
        for a, z, m, f, can in zip(
            request.attendees, zones, masks, feature_list, attend, strict=True
        )
    )
    return Suggestion(slot.interval.start, slot.interval.end, score, lines)
