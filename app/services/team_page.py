"""What a team page shows: the team's overview (`charts.team_overview`) and who joined
or left it, both kept for one data version.

The log is the same for every viewer (every member may read a team page) and changes
only by writing commits (joining, leaving), which raise the version, so a repeat view
reads nothing and the next request after a change reads it again. The overview (each
member's status and local time, the week's heatmap) is kept per (team, viewer, zone,
minute): statuses cannot change inside a minute (`charts._status_in_minute`), the
week is the one holding that minute, and only the viewer's own row differs between
viewers (their private routine by name). A page reloaded within the minute reuses the
same overview object, so its heatmap and rows print from the partial caches at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.services import account_events, charts, data_version
from app.services.account_events import LogLine


@dataclass(frozen=True)
class TeamPage:
    overview: charts.TeamOverview
    membership_changes: tuple[LogLine, ...]


# (team, viewer, viewer zone, minute) → the overview, for one data version.
_OVERVIEWS: data_version.KeptByVersion[charts.TeamOverview] = data_version.KeptByVersion(512)
# team id → who joined and left it, newest first, for one data version.
_CHANGES: data_version.KeptByVersion[tuple[LogLine, ...]] = data_version.KeptByVersion(512)


def team_page(team_id: int, viewer_id: int, viewer_zone: str, now: datetime) -> TeamPage:
    """The team page for this viewer now (`NotFound` for no such team)."""
    minute = now.replace(second=0, microsecond=0)
    overview = _OVERVIEWS.get(
        db.session,
        (team_id, viewer_id, viewer_zone, minute),
        lambda: charts.team_overview(team_id, viewer_id, viewer_zone, minute),
    )
    changes = _CHANGES.get(db.session, team_id, lambda: tuple(account_events.for_team(team_id)))
    return TeamPage(overview, changes)
