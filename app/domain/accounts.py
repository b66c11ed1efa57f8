"""Rules about accounts that need no database: names, emails, zones, passwords."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from app.domain.errors import DomainError


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted, without legacy aliases."""
    names = zoneinfo.available_timezones()
    return tuple(sorted(n for n in names if "/" in n or n == "UTC"))


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively; store them trimmed and lower-cased."""
    return email.strip().lower()


def check_time_zone(name: str, field: str = "time_zone") -> str:
    """Return `name` if it is a known IANA zone, else raise a DomainError."""
    if name not in time_zone_names():
        raise DomainError(field, f"“{name}” is not a time zone we know; pick one from the list.")
    return name


def check_password(password: str, min_length: int, field: str = "password") -> str:
    """Refuse passwords that are too short (length is what matters most)."""
    if len(password) < min_length:
        raise DomainError(field, f"Use at least {min_length} characters.")
    return password


HEADLINE_MAX_CHARS = 80
HEADLINE_TOO_LONG = "Please keep your headline to one line of 80 characters or fewer."
HEADLINE_ONE_LINE = "Please write your headline on one line, without line breaks or tabs."


def check_headline(text: str, field: str = "headline") -> str:
    """A short role or one-line summary: trimmed, one line, at most 80 characters."""
    headline = " ".join(text.split(" ")).strip()
    if any(ch in headline for ch in "\r\n\t\v\f") or not headline.isprintable():
        raise DomainError(field, HEADLINE_ONE_LINE)
    if len(headline) > HEADLINE_MAX_CHARS:
        raise DomainError(field, f"{HEADLINE_TOO_LONG} (it has {len(headline)}).")
    return headline
