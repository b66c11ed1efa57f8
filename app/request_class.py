"""The request class: text inputs arrive without NUL characters; cookies parsed once.

PostgreSQL refuses NUL in text and no person types one, so they are dropped at the
edge, once, instead of letting a stray byte turn a form post into a database error.

A browser sends the same Cookie header with every request until a cookie changes, and
parsing it (latin-1 round trip, a regular expression, unquoting) was close to a tenth
of `/healthz`'s time in Flask. The parsed cookies are immutable, so the same header
text gets the same parsed object back (at most `_COOKIES_SIZE` headers per
process; past that the kept ones are dropped and parsing starts over).
"""

from __future__ import annotations

from functools import cached_property

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict


def _without_nul(values: MultiDict) -> ImmutableMultiDict:
    cleaned = [
        (key.replace("\x00", ""), value.replace("\x00", ""))
        for key, value in values.items(multi=True)
    ]
    return ImmutableMultiDict(cleaned)


# A dict beside its `_SIZE` bound: account deletion empties it (services.erasure).
_COOKIES_SIZE = 4096
_COOKIES: dict[str, ImmutableMultiDict] = {}


class TeamshapeRequest(Request):
    """A Flask request whose form and query values never contain NUL."""

    @cached_property
    def cookies(self) -> ImmutableMultiDict:  # type: ignore[override]
        # The WSGI server folds every Cookie header into HTTP_COOKIE, which is what
        # werkzeug parses too.
        header = self.environ.get("HTTP_COOKIE", "")
        parsed = _COOKIES.get(header)
        if parsed is None:
            parsed = super().cookies
            if len(_COOKIES) >= _COOKIES_SIZE:
                _COOKIES.clear()
            _COOKIES[header] = parsed
        return parsed

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        return _without_nul(super().args)
