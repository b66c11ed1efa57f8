"""What every demo seed step receives: the run's clock, its people, and their member ids.

The steps of `app.demo` never import each other; all they share is this value. The
people come from `data/people.toml`; the people step fills `member_ids` (short name ->
id) and later steps read it. A short name is the part of a demo email before "@".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

DEMO_PASSWORD = "teamshape-demo"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    pronouns: str
    zone: str
    persona: str
    admin: bool = False
    headline: str = ""

    @property
    def short(self) -> str:
        """How the demo data names this person: 'amara' for amara@demo.teamshape.test."""
        return self.email.split("@")[0]


@cache
def read_data(name: str) -> dict[str, Any]:
    """One of the TOML files in `app/demo/data/`, parsed."""
    text = resources.files("app.demo").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def demo_people() -> tuple[DemoPerson, ...]:
    """Everyone in `people.toml`, in file order (the admin first)."""
    return tuple(DemoPerson(**row) for row in read_data("people.toml")["people"])


@dataclass
class DemoRun:
    """One seeding of the demo workspace."""

    now: datetime
    min_length: int
    people: tuple[DemoPerson, ...]
    password: str = DEMO_PASSWORD
    member_ids: dict[str, int] = field(default_factory=dict)

    @property
    def admin_id(self) -> int:
        return self.member_ids[self.people[0].short]

    def zone_of(self, short: str) -> str:
        """The time zone of the person called `short`."""
        return next(person.zone for person in self.people if person.short == short)

    def has(self, *shorts: str) -> bool:
        """True when every one of `shorts` has an account in this run."""
        return all(short in self.member_ids for short in shorts)
