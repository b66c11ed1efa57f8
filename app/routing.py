"""URL converters: `<id:name>` is the only way a route takes a row id.

Werkzeug's `int` converter accepts any number of digits, so `/people/10^25` reached
the database and overflowed its INTEGER column (a 500 on SQLite and PostgreSQL, and on
PostgreSQL already at 2^31). `IdConverter` matches at most ten ASCII digits and only
values in `limits.ID_MIN..ID_MAX`; anything else does not match the route, so it is a
plain 404 like any unknown address. `tests/functional/test_input_bounds.py` checks that
no route uses a bare `int` converter.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

from app.limits import ID_DIGITS, parse_id


class IdConverter(IntegerConverter):
    """A row id: 1 to 2^31-1, written in plain ASCII digits."""

    regex = rf"[0-9]{{1,{ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValidationError()
        return parsed


def register(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
