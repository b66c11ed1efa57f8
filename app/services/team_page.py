"""What a team page shows: the team's overview (`charts.team_overview`) and who joined
or left it, the log kept for one data version.

The log is the same for every viewer (every member may read a team page) and changes
only by writing commits (joining, leaving), which raise the version, so a repeat view
reads nothing and the next request after a change reads it again.
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


# team id → who joined and left it, newest first, for one data version.
_CHANGES: data_version.KeptByVersion[tuple[LogLine, ...]] = data_version.KeptByVersion(512)


def team_page(team_id: int, viewer_id: int, viewer_zone: str, now: datetime) -> TeamPage:
    """The team page for this viewer now (`NotFound` for no such team)."""
    overview = charts.team_overview(team_id, viewer_id, viewer_zone, now)
    changes = _CHANGES.get(db.session, team_id, lambda: tuple(account_events.for_team(team_id)))
    return TeamPage(overview, changes)
