"""The scheduling engine: meeting slots that respect everyone's working style.

Public API: `suggest_slots(SchedulingRequest) -> SchedulingResult`, with the
dataclasses in `model`. Pure: the current time comes in the request, and the same
request always gives the same result (ties are broken by the earlier start).

How it works. Every attendee's timeline, busy time and meetings are laid onto a UTC
grid as bit masks (one bit per cell; the cell divides both the grid step and the
duration, so slots are whole cells and the masks are exact). Candidate starts are where
every REQUIRED attendee is free for the whole slot; optional attendees never block.

Hard rules for required attendees: inside working hours; not busy (imported calendars
or booked meetings); not in protected (hard) focus, a hard routine or no-meeting time;
their meetings already booked on the slot's LOCAL start date (counted from
`Attendee.meetings`) below `max_meetings_per_day`; and the slot starts at least
`minimum_notice` after `now`, inside the window, on the grid.

Score (points, higher is better; 0 means nobody bends). Each attendee who can attend
adds, once per slot:

| rule                                                           | points  |
| -------------------------------------------------------------- | ------- |
| slot overlaps their soft focus time                            | -8      |
| slot overlaps one of their soft routines                       | -6      |
| another meeting or busy time within their buffer minutes       | -4      |
| slot leaves < 60 free minutes beside it in a >= 120-minute     | -4      |
|   free block (fragmenting focus time)                          |         |
| slot touches the first or last half hour of a working stretch  | -3      |
| energy by meeting type: at their peak / any of the slot low    |         |
|   deep_work, creative (peak = whole slot in their peak)        | +4 / -4 |
|   decision (peak = whole slot in their peak)                   | +4 / -6 |
|   status, admin (peak = any of the slot in their peak)         | -4 / 0  |
|   one_on_one                                                   | 0 / -2  |
|   social                                                       | 0 / 0   |

Each optional attendee who cannot attend (outside hours, busy, hard block, limit
reached) gives -2 instead, and their conflict appears in their notes ("optional: busy").

Fairness across time zones, counted once per slot for the WORST-OFF attendee who can
attend: -8 if the slot touches the first or last hour of anyone's working stretch,
else -4 if it touches the first or last two hours. So a slot that is early for one
person is not redeemed by being comfortable for everyone else.

Diversity: walking the ranking best-first, a slot is kept only if its organiser-local
day has fewer than `max_per_day` picks and it starts `min_spacing` away from every
pick. Rounding: buffers are rounded up to whole cells; working hours and peaks count
only cells they cover wholly, everything else every cell it touches.

Privacy: routine labels appear only when public; a private routine is "unavailable
time" in notes and in reasons, like any unnamed block. Nothing scores people.

When nothing fits, `reasons` say why (window, notice, each required person, time
zones, then everyone's free time together) and `relaxation` is the smallest change that
gives suggestions, with those suggestions; see `relaxation` for the sizes.
"""

from app.domain.scheduling.engine import suggest_slots
from app.domain.scheduling.model import (
    Attendee,
    AttendeeLine,
    InvalidRequest,
    MeetingType,
    Relaxation,
    RelaxationKind,
    SchedulingRequest,
    SchedulingResult,
    Suggestion,
)
from app.domain.scheduling.scoring import ENERGY_POINTS, POINTS

__all__ = [
    "ENERGY_POINTS",
    "POINTS",
    "Attendee",
    "AttendeeLine",
    "InvalidRequest",
    "MeetingType",
    "Relaxation",
    "RelaxationKind",
    "SchedulingRequest",
    "SchedulingResult",
    "Suggestion",
    "suggest_slots",
]
