"""What goes into the scheduler and what comes out: plain frozen dataclasses.

Kept apart from the engine so services, views and tests share one vocabulary and the
engine's internals (bit masks, tallies) can change without touching callers. The
request validates itself on construction, so the engine never sees a nonsensical
duration, grid or window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.errors import DomainError
from app.domain.intervals import Interval
from app.domain.timeline import Energy, Timeline


class InvalidRequest(DomainError):
    """A scheduling request that cannot be searched (bad duration, grid, window …)."""


class MeetingType(StrEnum):
    """What kind of meeting it is; decides how energy levels are weighed."""

    DEEP_WORK = "deep_work"
    CREATIVE = "creative"
    DECISION = "decision"
    STATUS = "status"
    ADMIN = "admin"
    ONE_ON_ONE = "one_on_one"
    SOCIAL = "social"


@dataclass(frozen=True)
class Attendee:
    """One invitee with everything the scheduler may weigh.

    `busy` is time taken in imported calendars; `meetings` are meetings already booked
    in Teamshape. Both block a required attendee and both want a buffer around them.
    Only `meetings` count towards `timeline.max_meetings_per_day`, on the attendee's
    LOCAL date of each meeting's start (derived here, so callers pass no counts).
    """

    id: str
    display_name: str
    zone: str
    timeline: Timeline
    required: bool = True
    busy: tuple[Interval, ...] = ()
    meetings: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class SchedulingRequest:
    """Find `duration` for `attendees` inside `window`, starting on the `grid`.

    Slots start at least `minimum_notice` after `now`. The result lists at most
    `max_results` suggestions, at most `max_per_day` on one local day of the organiser
    and starting at least `min_spacing` apart.
    """

    attendees: tuple[Attendee, ...]
    organiser_id: str
    duration: timedelta
    window: Interval
    now: datetime
    meeting_type: MeetingType = MeetingType.STATUS
    grid: timedelta = timedelta(minutes=15)
    minimum_notice: timedelta = timedelta(hours=4)
    max_results: int = 8
    max_per_day: int = 2
    min_spacing: timedelta = timedelta(hours=2)

    def __post_init__(self) -> None:
        _check_shape(self)
        _check_attendees(self)

    @property
    def organiser(self) -> Attendee:
        """The attendee who organises the meeting."""
        return next(a for a in self.attendees if a.id == self.organiser_id)


def _minutes(value: timedelta) -> float:
    return value.total_seconds() / 60


def _check_shape(request: SchedulingRequest) -> None:
    duration, grid = _minutes(request.duration), _minutes(request.grid)
    if not (15 <= duration <= 240) or duration % 5:
        raise InvalidRequest("duration", "a meeting lasts 15 to 240 minutes, in 5-minute steps")
    if grid < 5 or 60 % grid:
        raise InvalidRequest("grid", "the grid must divide an hour (5, 10, 15, 20, 30, 60)")
    if request.now.tzinfo is None:
        raise InvalidRequest("now", "the current time must be timezone-aware")
    if request.minimum_notice < timedelta(0):
        raise InvalidRequest("minimum_notice", "the minimum notice cannot be negative")
    if request.max_results < 1 or request.max_per_day < 1:
        raise InvalidRequest("max_results", "ask for at least one suggestion")
    if request.min_spacing < timedelta(0):
        raise InvalidRequest("min_spacing", "the spacing cannot be negative")


def _check_attendees(request: SchedulingRequest) -> None:
    ids = [a.id for a in request.attendees]
    if len(set(ids)) != len(ids):
        raise InvalidRequest("attendees", "an attendee is listed twice")
    if request.organiser_id not in ids:
        raise InvalidRequest("organiser_id", "the organiser must be one of the attendees")
    for attendee in request.attendees:
        try:
            ZoneInfo(attendee.zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InvalidRequest("attendees", f"unknown time zone {attendee.zone!r}") from error
        if attendee.zone != attendee.timeline.zone:
            raise InvalidRequest("attendees", "an attendee's zone differs from their timeline")


@dataclass(frozen=True, init=False)
class AttendeeLine:
    """How one slot looks to one attendee: their local time, energy, what was bent."""

    attendee_id: str
    display_name: str
    required: bool
    zone: str
    local_start: datetime
    local_end: datetime
    energy: Energy
    notes: tuple[str, ...]

    def __init__(
        self,
        attendee_id: str,
        display_name: str,
        required: bool,
        zone: str,
        local_start: datetime,
        local_end: datetime,
        energy: Energy,
        notes: tuple[str, ...],
    ) -> None:
        # Hand-written, as `Interval.__init__` is: filling the frozen fields directly
        # costs a third of the generated `__init__` (one `object.__setattr__` a field).
        fields = self.__dict__
        fields["attendee_id"] = attendee_id
        fields["display_name"] = display_name
        fields["required"] = required
        fields["zone"] = zone
        fields["local_start"] = local_start
        fields["local_end"] = local_end
        fields["energy"] = energy
        fields["notes"] = notes


@dataclass(frozen=True, init=False)
class Suggestion:
    """A proposed slot in UTC with its score and one line per attendee."""

    start: datetime
    end: datetime
    score: int
    attendees: tuple[AttendeeLine, ...]

    def __init__(
        self,
        start: datetime,
        end: datetime,
        score: int,
        attendees: tuple[AttendeeLine, ...],
    ) -> None:
        # Fields filled directly, as in `AttendeeLine.__init__` (a third of the cost).
        fields = self.__dict__
        fields["start"] = start
        fields["end"] = end
        fields["score"] = score
        fields["attendees"] = attendees


class RelaxationKind(StrEnum):
    """The ways a request may be loosened when nothing fits."""

    SHORTEN = "shorten"
    WIDEN = "widen"
    LESS_NOTICE = "less_notice"
    MAKE_OPTIONAL = "make_optional"


@dataclass(frozen=True)
class Relaxation:
    """One change to the request that would give suggestions, and how big it is.

    It carries only the changed value (never the request, which holds private labels);
    `apply(request)` returns the loosened request.
    """

    kind: RelaxationKind
    description: str
    cost: int
    duration: timedelta | None = None
    window_end: datetime | None = None
    minimum_notice: timedelta | None = None
    attendee_id: str | None = None

    def apply(self, request: SchedulingRequest) -> SchedulingRequest:
        """`request` with this relaxation applied."""
        if self.kind is RelaxationKind.SHORTEN and self.duration is not None:
            return replace(request, duration=self.duration)
        if self.kind is RelaxationKind.WIDEN and self.window_end is not None:
            return replace(request, window=Interval(request.window.start, self.window_end))
        if self.kind is RelaxationKind.LESS_NOTICE and self.minimum_notice is not None:
            return replace(request, minimum_notice=self.minimum_notice)
        attendees = tuple(
            replace(a, required=False) if a.id == self.attendee_id else a
            for a in request.attendees
        )
        return replace(request, attendees=attendees)


@dataclass(frozen=True)
class SchedulingResult:
    """Ranked suggestions, or — when there are none — why, and the smallest way out.

    `reasons` is empty when there are suggestions. `relaxation` is the smallest change
    that gives suggestions (`relaxed_suggestions`); `other_relaxations` are larger ones
    that also work, smallest first. `starts_checked` counts the grid starts tested.
    """

    suggestions: tuple[Suggestion, ...]
    reasons: tuple[str, ...] = ()
    relaxation: Relaxation | None = None
    relaxed_suggestions: tuple[Suggestion, ...] = ()
    other_relaxations: tuple[Relaxation, ...] = ()
    starts_checked: int = 0
