"""The week editor's live preview: the chart of a pattern as typed, never stored.

The pattern is checked exactly as a save would check it (`ensure_valid` with the rows'
"Ends next day" answers, the zone), then drawn as its owner will see it after saving:
in the zone typed on the form, private routines by name. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from app.domain.accounts import check_time_zone
from app.domain.errors import NotFound
from app.domain.member_week import MemberWeek
from app.domain.workstyle import WeeklyPattern, ensure_valid
from app.extensions import db
from app.models import Member
from app.services.charts import member_week_of
from app.services.patterns import load_pattern


def preview_week(
    member_id: int, pattern: WeeklyPattern, now: datetime, *, overnight: Collection[int]
) -> MemberWeek:
    """The member's week as `pattern` would make it (their stored dated exceptions
    kept); raises InvalidPattern or DomainError exactly as saving would."""
    ensure_valid(pattern, overnight=overnight)
    check_time_zone(pattern.zone, field="zone")
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    stored = load_pattern(member_id)
    typed = replace(pattern, time_off=stored.time_off, one_off_hours=stored.one_off_hours)
    return member_week_of(typed, member, pattern.zone, now, viewer_id=member_id)
