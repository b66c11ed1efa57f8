"""Why nothing fits, in words a person understands.

Checked from the outside in, so the first reason is the most basic one: the window
itself, then the notice, then each required person alone, then working hours across
time zones, then everyone's free time together. Reasons name people and zones, never a
routine: hard routines show only as "unavailable time", whatever their label.
"""

from __future__ import annotations

from datetime import timedelta

from app.domain.scheduling.availability import AttendeeMasks
from app.domain.scheduling.explain import local_label
from app.domain.scheduling.grid import run_and
from app.domain.scheduling.model import Attendee
from app.domain.scheduling.search import (
    Search,
    allowed_starts,
    earliest_start,
    required_masks,
    together,
)


def duration_text(span: timedelta) -> str:
    """'45 minutes', '2 hours', '1 day 3 hours' — the largest two units that apply."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words[:2]) or "0 minutes"


def why_nothing_fits(search: Search) -> list[str]:
    """Reasons, most basic first, that `search.request` has no suggestions."""
    request = search.request
    length = search.cells(request.duration)
    in_window = allowed_starts(search, length, request.window.start, request.window.end)
    if not in_window:
        return [f"the window is shorter than the {duration_text(request.duration)} meeting"]
    earliest = earliest_start(request, request.minimum_notice)
    starts = allowed_starts(search, length, earliest, request.window.end)
    if not starts:
        return [_notice_reason(search)]
    pairs = [(a, m) for a, m in zip(request.attendees, search.masks, strict=True) if a.required]
    personal = [r for a, m in pairs if (r := _person_reason(a, m, starts, length, search))]
    return personal or _zone_reasons(search, in_window, length) or [_group_reason(search, starts)]


def _notice_reason(search: Search) -> str:
    request = search.request
    organiser = request.organiser
    earliest = request.now + request.minimum_notice
    if earliest <= request.window.start:
        return "the window has no start time that leaves the minimum notice"
    return (
        f"the window is inside the minimum notice of {duration_text(request.minimum_notice)}: "
        f"the earliest start is {local_label(earliest, organiser.zone)} ({organiser.zone})"
    )


def _person_reason(
    attendee: Attendee, masks: AttendeeMasks, starts: int, length: int, search: Search
) -> str:
    name, minutes = attendee.display_name, duration_text(search.request.duration)
    window_cells = search.grid.full
    if not masks.working & window_cells:
        return f"{name} is not working at any time in this window (time off or no working hours)"
    if not run_and(masks.working, length) & starts:
        return f"{name}'s working hours in this window never last {minutes} in a row"
    if not run_and(masks.free, length) & starts:
        return f"{name} has no free {minutes} in their working hours in this window: " + (
            _causes(masks)
        )
    if not masks.can_start(length) & starts:
        limit = attendee.timeline.max_meetings_per_day
        return f"{name} has reached their limit of {limit} meetings a day on every free day"
    return ""


def _causes(masks: AttendeeMasks) -> str:
    named = [
        (masks.busy, "their calendar"),
        (masks.focus_hard, "protected focus"),
        (masks.routine_hard, "unavailable time"),
        (masks.no_meetings, "no-meeting time"),
    ]
    found = [text for mask, text in named if mask & masks.working]
    return "taken by " + _listing(found or ["other commitments"])


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _zone_reasons(search: Search, in_window: int, length: int) -> list[str]:
    """Pairs of time zones whose required members' working hours never overlap."""
    working: dict[str, int] = {}
    for attendee, masks in zip(search.request.attendees, search.masks, strict=True):
        if attendee.required:
            working[attendee.zone] = working.get(attendee.zone, -1) & masks.working
    zones = list(working)
    reasons = [
        f"no overlap of working hours between {a} and {b} members in this window"
        for i, a in enumerate(zones)
        for b in zones[i + 1 :]
        if not run_and(working[a] & working[b], length) & in_window
    ]
    if not reasons and len(zones) > 1:
        everyone = -1
        for mask in working.values():
            everyone &= mask
        if not run_and(everyone, length) & in_window:
            reasons.append(
                f"the working hours of {_listing(zones)} members never overlap all at once "
                "in this window"
            )
    return reasons[:3]


def _group_reason(search: Search, starts: int) -> str:
    request = search.request
    length, minutes = search.cells(request.duration), duration_text(request.duration)
    masks = required_masks(search, request)
    group = together(masks)
    working = -1
    for mask in masks:
        working &= mask.working
    in_window = allowed_starts(search, length, request.window.start, request.window.end)
    if not run_and(working, length) & in_window:
        return f"the required attendees' working hours never overlap for {minutes} in this window"
    if not run_and(group.free, length) & in_window:
        return (
            "working hours overlap, but calendars, protected focus, unavailable time and "
            f"no-meeting time leave no common free {minutes}"
        )
    if not group.starts(length) & in_window:
        return "the only common free times fall on days when someone is at their meeting limit"
    return (
        "the only common free times are inside the minimum notice of "
        f"{duration_text(request.minimum_notice)}"
    )
