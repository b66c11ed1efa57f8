"""The one place the web layer reads the clock.

Views pass `clock.now()` down to services (which take `now` as an argument), and tests
pin time for a whole request by patching `app.clock.now`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The current time, tz-aware UTC."""
    return datetime.now(UTC)


def today_in(zone: str) -> date:
    """Today's date on the wall clock of IANA zone `zone`."""
    return now().astimezone(ZoneInfo(zone)).date()
