"""A realistic demo workspace: people across continents, teams, and (as features grow)
their manuals, weekly patterns and meetings.

Seeding goes through the services, so the demo obeys the same rules as real use.
Later features add a step to `SEED_STEPS`; each step receives the members by email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.services import accounts, teams

DEMO_PASSWORD = "teamshape-demo"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    pronouns: str
    zone: str
    persona: str
    admin: bool = False


PEOPLE = (
    DemoPerson(
        "Amara Okafor",
        "amara@demo.teamshape.test",
        "she/her",
        "Europe/London",
        "team lead, steady days, guards Friday afternoons",
        admin=True,
    ),
    DemoPerson(
        "Jonas Becker",
        "jonas@demo.teamshape.test",
        "he/him",
        "Europe/Berlin",
        "early bird, peak 07:00-10:00",
    ),
    DemoPerson(
        "Priya Raman",
        "priya@demo.teamshape.test",
        "she/her",
        "Asia/Kolkata",
        "protects mornings for deep work",
    ),
    DemoPerson(
        "Mateo García",
        "mateo@demo.teamshape.test",
        "he/him",
        "America/Mexico_City",
        "afternoon person, likes calls",
    ),
    DemoPerson(
        "Hana Sato",
        "hana@demo.teamshape.test",
        "she/her",
        "Asia/Tokyo",
        "split day with a long lunch walk",
    ),
    DemoPerson(
        "Liam Walsh",
        "liam@demo.teamshape.test",
        "he/him",
        "Australia/Sydney",
        "night owl, starts at 11:00",
    ),
    DemoPerson(
        "Sofia Rossi",
        "sofia@demo.teamshape.test",
        "she/her",
        "Europe/Rome",
        "parent with a school run",
    ),
    DemoPerson(
        "Kwame Mensah",
        "kwame@demo.teamshape.test",
        "he/him",
        "Africa/Accra",
        "community calls in the evening",
    ),
    DemoPerson(
        "Emily Chen",
        "emily@demo.teamshape.test",
        "she/her",
        "America/Los_Angeles",
        "no-meeting Wednesdays",
    ),
    DemoPerson(
        "Noah Williams",
        "noah@demo.teamshape.test",
        "they/them",
        "America/New_York",
        "prefers written async updates",
    ),
    DemoPerson(
        "Aroha Ngata",
        "aroha@demo.teamshape.test",
        "she/her",
        "Pacific/Auckland",
        "four-day week, Fridays off",
    ),
    DemoPerson(
        "Lucas Silva",
        "lucas@demo.teamshape.test",
        "he/him",
        "America/Sao_Paulo",
        "late starter, peak in the afternoon",
    ),
)

TEAMS = {
    "Platform": (
        "Infrastructure, reliability and developer tools.",
        {
            "jonas": "Tech lead",
            "priya": "Engineer",
            "liam": "Engineer",
            "noah": "Engineer",
            "emily": "Site reliability",
        },
    ),
    "Product": (
        "Discovery, design and delivery of what users see.",
        {
            "amara": "Head of product",
            "sofia": "Designer",
            "mateo": "Engineer",
            "hana": "Researcher",
            "aroha": "Engineer",
        },
    ),
    "Community": (
        "Docs, events and the people who use Teamshape.",
        {
            "kwame": "Community lead",
            "lucas": "Developer advocate",
            "amara": "Sponsor",
            "emily": "Docs",
            "hana": "Events",
        },
    ),
}

SeedStep = Callable[[dict[str, int], int, datetime], None]
SEED_STEPS: list[SeedStep] = []


def seed(now: datetime | None = None, min_length: int = 10) -> list[DemoPerson]:
    """Fill an empty workspace; returns the people whose logins the CLI prints."""
    now = now or datetime.now(UTC)
    ids = {p.email: _create(p, min_length, now.date()).id for p in PEOPLE}
    admin_id = ids[PEOPLE[0].email]
    short = {email.split("@")[0]: member_id for email, member_id in ids.items()}
    for team_name, (description, roster) in TEAMS.items():
        team = teams.create_team(admin_id, name=team_name, description=description)
        for who, role in roster.items():
            teams.add_member(admin_id, team.id, short[who], role)
    for step in SEED_STEPS:
        step(short, admin_id, now)
    return list(PEOPLE)


def _create(person: DemoPerson, min_length: int, today: date):
    return accounts.create_member(
        email=person.email,
        display_name=person.name,
        password=DEMO_PASSWORD,
        time_zone=person.zone,
        pronouns=person.pronouns,
        admin=person.admin,
        min_length=min_length,
        start_date=today - timedelta(days=365),
    )


from app.demo import (  # noqa: E402 - seed steps register themselves on import
    manuals,  # noqa: F401 - the manuals seed step
    patterns,  # noqa: F401 - the weekly patterns seed step
)

# isort: split
from app.demo import meetings  # noqa: E402, F401 - last: books meetings once patterns exist

# isort: split
from app.demo import onboarding  # noqa: E402, F401 - after meetings: a pending invite, a new hire
