"""What an organiser writes about a meeting besides its time: the location rule and the
default title.

A location is a room, an address or a video-call link. Anything that looks like a link
(a scheme followed directly by more text, like `https://…` or `javascript:…`) must be
an http or https address with a host and no spaces, so the meeting page can make it a
link and a calendar client can open it; anything else is plain text on one line.
Pure: the booking service, the form and the API all call `check_location`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit

from app.domain.errors import DomainError

MAX_LOCATION = 500
MAX_TITLE = 140
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in text)


def location_link(location: str) -> str | None:
    """The location itself when it is an http(s) link (checked), else None."""
    if not _SCHEME.match(location) and not location.lower().startswith("www."):
        return None
    return location if location.lower().startswith(("https://", "http://")) else None


def check_location(text: str) -> str:
    """The location trimmed, or a `DomainError` on "location" saying what to change."""
    location = (text or "").strip()
    if len(location) > MAX_LOCATION:
        raise DomainError(
            "location", f"Please keep the location under {MAX_LOCATION:,} characters."
        )
    if _has_control(location):
        raise DomainError("location", "Please put the location on one line.")
    if location.lower().startswith("www."):
        raise DomainError("location", "Start the link with https:// so calendars can open it.")
    if _SCHEME.match(location):
        _check_link(location)
    return location


def _check_link(location: str) -> None:
    parts = urlsplit(location)
    if parts.scheme.lower() not in {"http", "https"}:
        raise DomainError(
            "location", "A link must start with https:// (or http://); other kinds cannot open."
        )
    if not parts.hostname or " " in location:
        raise DomainError(
            "location",
            "That link is not complete: it needs an address after https:// and no spaces.",
        )


def default_title(names: Sequence[str], team: str = "") -> str:
    """ "Priya, Sam and Jonas", or the team's name, or "Priya, Sam and 4 others"; fits
    the title limit."""
    if team:
        return team[:MAX_TITLE]
    if not names:
        return "Meeting"
    if len(names) > 3:
        shown = f"{', '.join(names[:2])} and {len(names) - 2} others"
    elif len(names) == 1:
        shown = names[0]
    else:
        shown = f"{', '.join(names[:-1])} and {names[-1]}"
    return shown[:MAX_TITLE]
