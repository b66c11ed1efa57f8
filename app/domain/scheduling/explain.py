"""Per-attendee lines of a suggestion: local time, energy, what was kept or bent.

Notes are read off the same masks the score used, so what a person reads matches why
the slot ranked where it did; exact minutes come from the intervals themselves. Routine
names appear only when public: a private routine is always "unavailable time", like
any unnamed block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval
from app.domain.scheduling.availability import AttendeeMasks, local_day_starts
from app.domain.scheduling.grid import Grid, window
from app.domain.scheduling.model import Attendee, AttendeeLine, MeetingType
from app.domain.scheduling.scoring import Features
from app.domain.timeline import Energy, MarkedInterval

PRIVATE = "unavailable time"
ONE_DAY = timedelta(days=1)
PEAK_SEEKING = {MeetingType.DEEP_WORK, MeetingType.CREATIVE, MeetingType.DECISION}
PEAK_SPARING = {MeetingType.STATUS, MeetingType.ADMIN}


@dataclass(frozen=True, init=False)
class Slot:
    """One slot as both grid positions and UTC instants."""

    position: int
    length: int
    interval: Interval
    grid: Grid

    def __init__(self, position: int, length: int, interval: Interval, grid: Grid) -> None:
        # Fields filled directly, as in `AttendeeLine.__init__` (a third of the cost).
        fields = self.__dict__
        fields["position"] = position
        fields["length"] = length
        fields["interval"] = interval
        fields["grid"] = grid


def _bit(mask: int, position: int) -> bool:
    return bool((mask >> position) & 1)


def energy_at(feature: Features, position: int) -> Energy:
    """Peak when the whole slot is in a peak, low when any of it is low, else steady."""
    if (feature.peak >> position) & 1:
        return Energy.PEAK
    return Energy.LOW if (feature.low >> position) & 1 else Energy.STEADY


def attendee_line(
    attendee: Attendee,
    zone: ZoneInfo,
    masks: AttendeeMasks,
    feature: Features,
    slot: Slot,
    meeting_type: MeetingType,
    attends: bool,
) -> AttendeeLine:
    """What `slot` means for `attendee` (who `attends` or not), in words they would use.

    `zone` is the attendee's own (`ZoneInfo(attendee.zone)`), looked up once per
    request by the caller: every shown slot has a line for every attendee.
    """
    position, interval = slot.position, slot.interval
    local_start = interval.start.astimezone(zone)
    energy = energy_at(feature, position)
    if attends:
        notes = _kept(attendee, masks, slot, zone) if masks.focus_hard else []
        if (feature.bends >> position) & 1:  # most lines bend nothing
            notes += _bent(attendee, zone, local_start.date(), feature, slot)
        note = _energy_note(feature, position, meeting_type, energy)
        if note:
            notes.append(note)
    else:
        notes = _optional_conflicts(attendee, masks, slot)
    return AttendeeLine(  # positional: one per attendee and slot shown
        attendee.id,
        attendee.display_name,
        attendee.required,
        attendee.zone,
        local_start,
        interval.end.astimezone(zone),
        energy,
        tuple(notes),
    )


def _optional_conflicts(attendee: Attendee, masks: AttendeeMasks, slot: Slot) -> list[str]:
    p, k = slot.position, slot.length
    notes = []
    if window(masks.working, p, k) != (1 << k) - 1:
        notes.append("optional: outside working hours")
    if window(masks.busy, p, k):
        notes.append("optional: busy")
    if window(masks.focus_hard, p, k):
        notes.append("optional: protected focus time")
    if window(masks.routine_hard, p, k):
        labels = _labels(attendee.timeline.routines, slot.interval, hard=True)
        notes.extend(f"optional: {label}" for label in labels)
    if window(masks.no_meetings, p, k):
        notes.append("optional: no-meeting time")
    if _bit(masks.day_full, p):
        notes.append("optional: already at their meeting limit that day")
    return notes


def _kept(attendee: Attendee, masks: AttendeeMasks, slot: Slot, zone: ZoneInfo) -> list[str]:
    if not masks.focus_hard:
        return []
    day_cells = 86400 // slot.grid.cell_seconds
    around = max(slot.position - day_cells, 0)
    if not window(masks.focus_hard, around, slot.position - around + slot.length + day_cells):
        return []
    local_day = slot.interval.start.astimezone(zone).date()
    lo, hi = local_day_starts(slot.grid, zone, local_day)
    return ["protected focus kept"] if masks.focus_hard & slot.grid.span(lo, hi) else []


def _bent(
    attendee: Attendee, zone: ZoneInfo, day: date, feature: Features, slot: Slot
) -> list[str]:
    """Notes on the soft rules the slot bends; `day` is the slot's local start date."""
    p, timeline, notes = slot.position, attendee.timeline, []
    if _bit(feature.soft_focus, p):
        minutes = _overlap_minutes((m for m in timeline.focus if not m.hard), slot.interval)
        notes.append(f"{minutes} minutes into soft focus time")
    if _bit(feature.soft_routine, p):
        notes.extend(_soft_routine_notes(timeline.routines, slot.interval))
    if _bit(feature.buffer, p):
        minutes = timeline.buffer_minutes
        notes.append(f"closer than their {minutes}-minute buffer to another meeting")
    if _bit(feature.first_half_hour, p):
        notes.append(_edge_note(attendee, zone, day, slot.interval, first=True))
    if _bit(feature.last_half_hour, p):
        notes.append(_edge_note(attendee, zone, day, slot.interval, first=False))
    if _bit(feature.fragment, p):
        notes.append("splits a long free block, leaving less than an hour for focus")
    return notes


def _energy_note(
    feature: Features, position: int, meeting_type: MeetingType, energy: Energy
) -> str:
    """The one note on energy for this slot, or "" when there is nothing to say."""
    if meeting_type in PEAK_SEEKING and energy is Energy.PEAK:
        return "at their energy peak"
    if meeting_type in PEAK_SPARING:
        return "takes some of their peak energy time" if _bit(feature.peak_touch, position) else ""
    if energy is Energy.LOW and meeting_type is not MeetingType.SOCIAL:
        return "in their low-energy time"
    return ""


def _overlap_minutes(marked, slot: Interval) -> int:
    seconds = 0.0
    for item in marked:
        if item.interval.overlaps(slot):
            end = min(item.interval.end, slot.end)
            seconds += (end - max(item.interval.start, slot.start)).total_seconds()
    return max(1, round(seconds / 60))


def _soft_routine_notes(routines: tuple[MarkedInterval, ...], slot: Interval) -> list[str]:
    notes = []
    for routine in routines:
        if routine.hard or not routine.interval.overlaps(slot):
            continue
        minutes = _overlap_minutes([routine], slot)
        if routine.private:
            notes.append(f"{minutes} minutes into {PRIVATE}")
        else:
            name = f"soft {routine.label} routine" if routine.label else "soft routine"
            notes.append(f"{minutes} minutes into a {name}")
    return notes


def _labels(routines: tuple[MarkedInterval, ...], slot: Interval, hard: bool) -> list[str]:
    found = [
        r.public_label(PRIVATE) if r.label else "unavailable"
        for r in routines
        if r.hard == hard and r.interval.overlaps(slot)
    ]
    return sorted(set(found)) or ["unavailable"]


def _edge_note(attendee: Attendee, zone: ZoneInfo, day: date, slot: Interval, first: bool) -> str:
    """'first half hour of their day', or '… after a break' for a later stretch."""
    lo, hi = slot.start - ONE_DAY, slot.end + ONE_DAY
    nearby = [w for w in attendee.timeline.working if w.start < hi and lo < w.end]
    stretches = [w for w in nearby if w.start.astimezone(zone).date() == day]
    if first:
        later = any(w.end <= slot.start for w in stretches)
        return "first half hour after a break" if later else "first half hour of their day"
    earlier = any(w.start >= slot.end for w in stretches)
    return "last half hour before a break" if earlier else "last half hour of their day"


def local_label(instant: datetime, zone: str) -> str:
    """`instant` as 'Tue 31 Mar 09:00' in `zone`."""
    return instant.astimezone(ZoneInfo(zone)).strftime("%a %d %b %H:%M")
