"""How the charts write days and times: 'Mon–Wed, Fri', '08:00–16:00', 24:00 at midnight."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from app.domain.local_week import MINUTES_PER_DAY
from app.domain.workstyle import WeeklyWindow

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def span_text(start: time, end: time) -> str:
    """'08:00–16:00'; an end at midnight reads 24:00."""
    end_text = "24:00" if end == time(0) else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


def clock_span(start: datetime, end: datetime, bottom: int) -> str:
    """'HH:MM–HH:MM'; a span ending at midnight reads 24:00 (bottom 1440, or -1: ask the clock)."""
    at_midnight = bottom == MINUTES_PER_DAY or (bottom < 0 and end.time() == time(0))
    end_text = "24:00" if at_midnight else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


def describe_windows(windows: Iterable[WeeklyWindow]) -> list[str]:
    """['Mon–Fri 14:00–16:00', 'Wed 09:00–10:00']: equal spans on several days share a line."""
    days_by_span: dict[tuple[time, time], list[int]] = {}
    for window in windows:
        days_by_span.setdefault((window.start, window.end), []).append(window.weekday)
    lines = sorted((sorted(set(days)), span) for span, days in days_by_span.items())
    return [f"{day_ranges(days)} {span_text(*span)}" for days, span in lines]


def day_ranges(days: list[int]) -> str:
    """[0, 1, 2, 4] -> 'Mon–Wed, Fri'."""
    groups: list[list[int]] = []
    for day in days:
        if groups and day == groups[-1][-1] + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    return ", ".join(
        DAY_ABBREVIATIONS[g[0]]
        if len(g) == 1
        else f"{DAY_ABBREVIATIONS[g[0]]}–{DAY_ABBREVIATIONS[g[-1]]}"
        for g in groups
    )
