"""Pick a diverse short list from ranked starts: spread over days and times of day.

Ten 15-minute shifts of the same hour are one option, not ten. Walking the ranking
best-first, a start is kept only if its organiser-local day holds fewer than
`max_per_day` picks and it starts at least `spacing` cells from every pick so far.
Greedy, so the best slot is always first and the result is deterministic.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def pick_diverse(
    ranked: Sequence[int],
    day_starts: Sequence[int],
    spacing: int,
    max_per_day: int,
    limit: int,
) -> list[int]:
    """Starts from `ranked` (best first) that respect per-day and spacing limits.

    `day_starts` are the sorted first positions of each organiser-local day.
    """
    picked: list[int] = []
    per_day: dict[int, int] = {}
    for position in ranked:
        day = bisect_right(day_starts, position)
        if per_day.get(day, 0) >= max_per_day:
            continue
        if any(abs(position - other) < spacing for other in picked):
            continue
        picked.append(position)
        per_day[day] = per_day.get(day, 0) + 1
        if len(picked) == limit:
            break
    return picked
