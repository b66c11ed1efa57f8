"""Copying one day's rows of the week editor to other days, before anything is saved.

"Same hours Monday–Friday" and "Copy to all days" work on the editor's rows as typed
(a row may still hold a half-typed time: it is copied as it is, and the save checks it
like any other). A row for several days ("Monday to Friday", "Every day") is first
written out as one row per day, so each day can then be replaced on its own. Static
JavaScript (static/js/week-grid.js) does the same on the page without a round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

WEEKDAYS = tuple(range(5))
ALL_DAYS = tuple(range(7))
MULTI_DAY = {"weekdays": WEEKDAYS, "all": ALL_DAYS}
KIND_ORDER = ("working", "energy", "focus", "routine", "no_meetings")


def _in_use(row: Mapping) -> bool:
    return bool(row.get("kind")) and not row.get("delete")


def one_row_per_day(rows: Iterable[Mapping]) -> list[dict]:
    """The rows in use, a multi-day row written out as one row per day."""
    found: list[dict] = []
    for row in rows:
        if not _in_use(row):
            continue
        choice = str(row.get("weekday", "0"))
        days = MULTI_DAY.get(choice) or ((int(choice),) if choice.isdigit() else ())
        found.extend(dict(row, weekday=str(day)) for day in days)
    return found


def _order(row: Mapping) -> tuple:
    kind = str(row.get("kind"))
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (rank, int(row["weekday"]), str(row.get("start") or ""))


def copy_day(rows: Iterable[Mapping], source: int, targets: Iterable[int]) -> list[dict]:
    """`rows` with every target day's rows replaced by copies of `source`'s rows.

    The source day itself is kept as it is; rows left empty or ticked "Delete" are
    dropped (the editor adds empty rows again). The result is in the editor's order:
    kind, then day, then start.
    """
    targets = {day for day in targets if day != source}
    daily = one_row_per_day(rows)
    originals = [row for row in daily if row["weekday"] == str(source)]
    kept = [row for row in daily if int(row["weekday"]) not in targets]
    copies = [dict(row, weekday=str(day)) for day in sorted(targets) for row in originals]
    return sorted(kept + copies, key=_order)
