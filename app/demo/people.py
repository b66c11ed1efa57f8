"""Demo step 1: the people (accounts, a year in the company) and their teams.

Both come from `data/people.toml`; the admin (first in the file) creates the teams.
Fills `run.member_ids`, which every later step reads.
"""

from __future__ import annotations

from datetime import timedelta

from app.demo.run import DemoPerson, DemoRun, read_data
from app.services import accounts, teams


def seed(run: DemoRun) -> None:
    """Create every demo account, then the teams with their roles."""
    for person in run.people:
        run.member_ids[person.short] = _create(person, run).id
    for team_name, team in read_data("people.toml")["teams"].items():
        created = teams.create_team(run.admin_id, name=team_name, description=team["description"])
        for who, role in team["roles"].items():
            teams.add_member(run.admin_id, created.id, run.member_ids[who], role)


def _create(person: DemoPerson, run: DemoRun):
    member = accounts.create_member(
        email=person.email,
        display_name=person.name,
        password=run.password,
        time_zone=person.zone,
        pronouns=person.pronouns,
        admin=person.admin,
        min_length=run.min_length,
        start_date=run.now.date() - timedelta(days=365),
    )
    if person.headline:
        accounts.update_profile(
            member.id,
            display_name=member.display_name,
            pronouns=member.pronouns,
            time_zone=member.time_zone,
            headline=person.headline,
        )
    return member
