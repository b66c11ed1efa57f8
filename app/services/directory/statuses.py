"""A member's local time and status now, as a viewer may know it.

`status_at` is memoised by value per minute, so a directory page of the same people in
the same minute asks the domain once; others see a private routine only as
"unavailable" (`MemberStatus.public_label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.domain.errors import InvalidPattern
from app.domain.workstyle import Activity, MemberStatus, WeeklyPattern, status_at

WORKING_ACTIVITIES = (Activity.WORKING, Activity.FOCUS)


@dataclass(frozen=True)
class MemberStatusView:
    """A member's local time and what others may know of what they are doing."""

    local_time: datetime
    activity: str
    label: str

    @property
    def working(self) -> bool:
        return self.activity in WORKING_ACTIVITIES


@lru_cache(maxsize=1024)
def zone_info(name: str) -> ZoneInfo:
    """The zone called `name`, loaded once per process."""
    return ZoneInfo(name)


@lru_cache(maxsize=8192)
def _status_in_minute(pattern: WeeklyPattern, minute: datetime) -> MemberStatus | None:
    """`status_at` memoised by value: the same pattern in the same minute has one status.

    Blocks sit on a 15-minute grid and zones change offset on whole minutes, so the
    status cannot change inside a minute; keying on the pattern's value (not the
    member) means an edited pattern is a new key, never a stale answer.
    """
    try:
        return status_at(pattern, minute)
    except InvalidPattern:
        return None


def member_status(pattern: WeeklyPattern, now: datetime, *, is_owner: bool) -> MemberStatusView:
    """Local time and status; others see a private routine only as "unavailable"."""
    status = _status_in_minute(pattern, now.replace(second=0, microsecond=0))
    if status is None:
        return MemberStatusView(now.astimezone(zone_info(pattern.zone)), "unknown", "unknown")
    label = (status.label or status.activity.value) if is_owner else status.public_label
    return MemberStatusView(status.local_time, status.activity.value, label)


def offset_minutes(zone: str, now: datetime) -> int:
    """Minutes east of UTC that `zone` reads at `now` (for sorting by local time)."""
    offset = now.astimezone(zone_info(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0
