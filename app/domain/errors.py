"""Typed errors of the domain: each says which field is wrong and why, in plain words.

Views translate them into form errors (or a 400) without parsing messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


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


class InvalidPattern(DomainError):
    """A weekly working-style pattern failed validation; `problems` lists every issue.

    `field` and `reason` describe the first problem, so a caller that shows a single
    message still shows a specific one. Each problem has `field` and `message`.
    """

    def __init__(self, problems: Sequence[PatternProblemLike]) -> None:
        if not problems:
            raise ValueError("InvalidPattern needs at least one problem")
        self.problems = tuple(problems)
        super().__init__(problems[0].field, problems[0].message)


class PatternProblemLike(Protocol):
    """What `InvalidPattern` needs from a problem (see workstyle.PatternProblem)."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...
