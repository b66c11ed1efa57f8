"""The two hot reads' JSON, kept per data version and per token owner.

`GET /members` and `GET /members/<id>/manual` are what a tool polls. Their replies
depend only on the data (the data version), on who asks (the token's owner: what they
may see) and, for the member list, on the minute (each card's status and local time
are worked out to the minute). So the encoded body is kept under exactly that key:
a write raises the version and the next request builds afresh, and no owner is ever
handed a body built for another. Erasing a member empties these like every
`KeptByVersion` (`services.erasure.forget_cached`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Response, current_app

from app.extensions import db
from app.services import data_version

MEMBER_PAGES: data_version.KeptByVersion[bytes] = data_version.KeptByVersion(512)
MANUALS: data_version.KeptByVersion[bytes] = data_version.KeptByVersion(4096)


def kept_json(
    kept: data_version.KeptByVersion[bytes], key: Hashable, build: Callable[[], dict]
) -> Response:
    """A JSON response whose body is kept under `key` in this data version."""
    body = kept.get(db.session, key, lambda: _encode(build()))
    return current_app.response_class(body, mimetype="application/json")


def _encode(value: dict) -> bytes:
    return (current_app.json.dumps(value) + "\n").encode()
