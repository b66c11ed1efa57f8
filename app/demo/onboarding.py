"""Demo step 5: a pending invite, and one new hire part-way through their first weeks.

Both go through the real use cases: the admin invites, the hire accepts the link (their
account, team and onboarding state appear exactly as for a real invite), saves the
working-hours step of the wizard (so it reopens at step 2, "Energy and focus") and
opens two teammates' cards. Nothing is booked, so "Propose my intro 1:1s" has work to
do. The hire signs in as zoe@demo.teamshape.test with the demo password. Runs last
(see `app.demo.STEPS`), once everyone's patterns and meetings exist.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from app.demo.run import DemoRun
from app.services import invites, onboarding, teams
from app.services.onboarding import WorkingHours

NEW_HIRE = ("Zoe Park", "zoe@demo.teamshape.test", "America/Toronto", "Product")
PENDING = ("Ravi Kumar", "ravi@demo.teamshape.test", "Platform")
CARDS_READ = ("amara", "sofia")
INVITE_DAYS = 14


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _team_id(name: str) -> int:
    return next(t.id for t in teams.list_teams() if t.name == name)


def seed(run: DemoRun) -> None:
    """Invite Ravi (pending) and bring Zoe to step 2 of the wizard with two cards read."""
    start = _next_monday(run.now.date())
    name, email, team = PENDING
    invites.create_invite(
        run.admin_id,
        email=email,
        display_name=name,
        team_ids=[_team_id(team)],
        start_date=start + timedelta(days=7),
        now=run.now,
        valid_days=INVITE_DAYS,
    )
    name, email, zone, team = NEW_HIRE
    issued = invites.create_invite(
        run.admin_id,
        email=email,
        display_name=name,
        team_ids=[_team_id(team)],
        start_date=start,
        now=run.now,
        valid_days=INVITE_DAYS,
    )
    hire = invites.accept_invite(
        issued.token,
        display_name=name,
        password=run.password,
        time_zone=zone,
        now=run.now,
        min_length=len(run.password),
    )
    hours = WorkingHours((0, 1, 2, 3, 4), time(9), time(17), time(9, 30), time(11, 30))
    onboarding.save_hours(hire.id, hours, run.now)
    for who in CARDS_READ:
        onboarding.mark_card_read(hire.id, run.member_ids[who], run.now)
