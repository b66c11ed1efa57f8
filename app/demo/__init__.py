"""A realistic demo workspace: people across continents, teams, their manuals, weekly
patterns, a few meetings, and a new hire part-way through onboarding.

`seed` runs `STEPS` in order, each a module of this package that imports nothing from
the others: all they share is the `DemoRun` (`app.demo.run`) passed along, whose
`member_ids` the people step fills. The content that reads best as data - the people,
teams and manuals - lives in `data/*.toml`. Seeding goes through the services, so the
demo obeys the same rules as real use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from app.demo import manuals, meetings, onboarding, patterns, people
from app.demo.run import DEMO_PASSWORD, DemoPerson, DemoRun, demo_people

PEOPLE = demo_people()

STEPS: tuple[Callable[[DemoRun], None], ...] = (
    people.seed,  # accounts and teams; fills run.member_ids
    manuals.seed,
    patterns.seed,
    meetings.seed,  # books through the scheduler, so after the patterns
    onboarding.seed,  # a pending invite and a new hire, once everything else exists
)

__all__ = ["DEMO_PASSWORD", "PEOPLE", "STEPS", "DemoPerson", "seed"]


def seed(now: datetime | None = None, min_length: int = 10) -> list[DemoPerson]:
    """Fill an empty workspace; returns the people whose logins the CLI prints."""
    run = DemoRun(now or datetime.now(UTC), min_length, PEOPLE)
    for step in STEPS:
        step(run)
    return list(PEOPLE)
