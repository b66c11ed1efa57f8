"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from app.domain.accounts import time_zone_names


def local_time(value: datetime, zone: str, fmt: str = "%a %d %b, %H:%M") -> str:
    """Format a UTC datetime in `zone`, DST-correct for that date."""
    return value.astimezone(ZoneInfo(zone)).strftime(fmt)


def register(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["time_zone_names"] = time_zone_names
    app.jinja_env.globals["nav_items"] = lambda: app.config["NAV_ITEMS"]
    app.jinja_env.globals["utcnow"] = lambda: datetime.now(UTC)
