"""The request class: text inputs arrive without NUL characters.

PostgreSQL refuses NUL in text and no person types one, so they are dropped at the
edge, once, instead of letting a stray byte turn a form post into a database error.
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


class TeamshapeRequest(Request):
    """A Flask request whose form and query values never contain NUL."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        return _without_nul(super().args)
