"""Calendar feeds: turn a secret feed URL on, regenerate or revoke it, and build its file.

A member may subscribe to their own week (a personal feed) and to the core overlap
hours of each team they are in (a team feed, in a zone they choose). The URL carries a
256-bit token; only its SHA-256 is stored (`FeedToken.token_hash`), so the token is
shown once, when made. Regenerating revokes the old token at once and issues a new
one; a wrong or revoked token, a feed of someone no longer active, or a team feed of
someone who left the team answers `NotFound` (a 404), never a hint of why.

What a personal feed holds, all computed from the member's weekly pattern in their
own zone (weekly RRULEs with VTIMEZONEs, written by `app.domain.calendar`):

- "Open for meetings": meeting-friendly hours (working time minus protected focus,
  hard routines and no-meeting time), TRANSPARENT so they never block the calendar;
- "Focus time": every focus block, busy (OPAQUE);
- "Unavailable": hard routines, busy. Routine names are never written, private or
  not: the windows come merged from the domain without labels;
- booked Teamshape meetings from `PAST` ago to `AHEAD`, as single events with the
  meeting's own UID and SEQUENCE (the same as in its invitation).

SEQUENCE, DTSTAMP and Last-Modified: each token stores a hash of what its feed held
at the last build (every event with DTSTAMP left out, weekly events with SEQUENCE 0)
and when that changed. A build whose hash differs raises the token's sequence (used
as SEQUENCE of every weekly event) and sets `changed_at` to now; DTSTAMP and
Last-Modified are `changed_at`. So an unchanged feed gives identical bytes on every
poll (and hits the domain's serialisation cache), and any change - a new pattern, a
renamed team, a meeting booked or dropped, the window moving past a meeting - gives
a higher SEQUENCE and a later DTSTAMP. UIDs are `stable_uid(owner, kind, weekday,
start)`: moving a window's end keeps its UID, so clients update their copy. The
window is aligned to UTC midnight, so time alone changes a feed at most once a day.
A regenerated token inherits the old one's sequence and hash. A team's core overlap
is memoised per process on its members' pattern stamps (see `_core_overlap`).

The one-off download has no token: its weekly SEQUENCE is the member's latest manual
revision number (every pattern save records one) and its DTSTAMP is the download time.

The package splits that by responsibility: `tokens` (turn on, regenerate, revoke),
`files` (the served file: sequence, stamps and its built-bytes cache), `personal` and
`team` (what each feed holds). Callers use the names re-exported here.
"""

from app.services.feeds.files import CalendarFile, FeedContent
from app.services.feeds.personal import PAST, download_personal, personal_content, personal_feed
from app.services.feeds.team import team_content, team_feed
from app.services.feeds.tokens import (
    active_feeds,
    regenerate,
    revoke,
    subscribable_teams,
    turn_on_personal,
    turn_on_team,
)

__all__ = [
    "PAST",
    "CalendarFile",
    "FeedContent",
    "active_feeds",
    "download_personal",
    "personal_content",
    "personal_feed",
    "regenerate",
    "revoke",
    "subscribable_teams",
    "team_content",
    "team_feed",
    "turn_on_personal",
    "turn_on_team",
]
