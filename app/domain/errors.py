"""Typed errors of the domain: each says which field is wrong and why, in plain words.

Views translate them into form errors (or a 400) without parsing messages.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. `field` names the input at fault ('' for the whole form)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class NotAllowed(DomainError):
    """The acting member may not do this."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the actor)."""
