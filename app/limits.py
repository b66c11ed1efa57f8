"""The ranges every number and date a request carries must fall in, in one place.

Ids are `INTEGER` columns (32-bit signed on PostgreSQL), so an id outside
1..2^31-1 can never name a row: it is refused before it reaches the database, where
SQLite would raise `OverflowError` and PostgreSQL "integer out of range" (a 500).
Dates outside 1900..2199 make no sense for a working week or a meeting and, near
the ends of Python's calendar (years 1 and 9999), overflow as soon as a time zone
or a day is added to them. Page numbers stop at `PAGE_MAX`, far beyond any real list.
"""

from __future__ import annotations

from datetime import date, datetime

ID_MIN = 1
ID_MAX = 2**31 - 1
ID_DIGITS = len(str(ID_MAX))
PAGE_MAX = 100_000
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_RANGE_TEXT = f"Pick a date between {DATE_MIN.year} and {DATE_MAX.year}."


def parse_id(text: str | int | None) -> int | None:
    """`text` as a row id, or None when it is not a whole number in the column's range."""
    if isinstance(text, int):
        value = text
    else:
        text = (text or "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > ID_DIGITS:
            return None
        value = int(text)
    return value if ID_MIN <= value <= ID_MAX else None


def coerce_id(value) -> int:
    """WTForms `coerce=` for id choices: a bounded id, or ValueError (an invalid choice)."""
    parsed = parse_id(value)
    if parsed is None:
        raise ValueError(f"{value!r} is not an id")
    return parsed


def date_in_range(day: date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def instant_in_range(moment: datetime) -> bool:
    """An instant whose own calendar date lies in the sane range: converting it to UTC
    and adding a meeting's length to it are then safe."""
    return DATE_MIN <= moment.date() <= DATE_MAX
