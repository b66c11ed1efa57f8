"""Recording and reading the account log: what admins did to whom, for them to see.

`record` adds a row inside the caller's unit of work (the act and its record commit
together or not at all). Members read their own log in Settings; a password reset or
a reset link made for them is announced once, on their next sign-in; a team page lists
who joined and left the team and who did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.models import AccountEvent, Member, Team
from app.models.account_event import (
    EVENT_JOINED_TEAM,
    EVENT_LEFT_TEAM,
    EVENT_PASSWORD_BY_ADMIN,
    EVENT_PASSWORD_CHANGED,
    EVENT_RESET_LINK,
    EVENT_RESET_USED,
)
from app.services.transaction import unit_of_work

OPERATOR = "the server’s operator (command line)"
SHOWN = 20
ANNOUNCED = (EVENT_RESET_LINK, EVENT_RESET_USED)


@dataclass(frozen=True)
class LogLine:
    """One line of the log as a page shows it."""

    at: datetime
    text: str


def record(
    member_id: int,
    kind: str,
    actor_id: int | None,
    now: datetime,
    team: Team | None = None,
) -> None:
    """Add one event to the current transaction (the caller commits)."""
    actor = db.session.get(Member, actor_id) if actor_id is not None else None
    db.session.add(
        AccountEvent(
            member_id=member_id,
            actor_id=actor_id,
            actor_name=actor.display_name if actor else OPERATOR,
            kind=kind,
            team_id=team.id if team else None,
            team_name=team.name if team else "",
            created_at=now,
        )
    )


def _sentence(event: AccountEvent, subject: str) -> str:
    whose = "your" if subject == "you" else f"{subject}’s"
    texts = {
        EVENT_RESET_LINK: f"{event.actor_name} made a password-reset link for {subject}.",
        EVENT_RESET_USED: f"A reset link made by {event.actor_name} set a new password for "
        f"{subject}.",
        EVENT_JOINED_TEAM: f"{event.actor_name} added {subject} to the team “{event.team_name}”.",
        EVENT_LEFT_TEAM: f"{event.actor_name} removed {subject} from the team "
        f"“{event.team_name}”.",
        EVENT_PASSWORD_BY_ADMIN: f"{event.actor_name} made {whose} account with a password "
        "they chose.",
        EVENT_PASSWORD_CHANGED: f"{whose[0].upper()}{whose[1:]} password was changed in Settings.",
    }
    return texts.get(event.kind, event.kind)


def for_member(member_id: int) -> list[LogLine]:
    """The member's own log, newest first (Settings)."""
    query = (
        select(AccountEvent)
        .where(AccountEvent.member_id == member_id)
        .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc())
        .limit(SHOWN)
    )
    return [LogLine(e.created_at, _sentence(e, "you")) for e in db.session.scalars(query)]


def for_team(team_id: int) -> list[LogLine]:
    """Who joined and left a team and who did it, newest first (the team page)."""
    query = (
        select(AccountEvent, Member.display_name)
        .join(Member, Member.id == AccountEvent.member_id)
        .where(AccountEvent.team_id == team_id)
        .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc())
        .limit(SHOWN)
    )
    return [LogLine(e.created_at, _sentence(e, name)) for e, name in db.session.execute(query)]


def password_known_to_admin(member_id: int) -> bool:
    """True while the password is still the one an admin chose when making the account."""
    kinds = (EVENT_PASSWORD_BY_ADMIN, EVENT_PASSWORD_CHANGED, EVENT_RESET_USED)
    query = (
        select(AccountEvent.kind)
        .where(AccountEvent.member_id == member_id, AccountEvent.kind.in_(kinds))
        .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc())
        .limit(1)
    )
    return db.session.scalar(query) == EVENT_PASSWORD_BY_ADMIN


def announce(member_id: int, now: datetime) -> list[LogLine]:
    """Reset events the member has not been told of yet; they count as told from now."""
    with unit_of_work():
        query = (
            select(AccountEvent)
            .where(
                AccountEvent.member_id == member_id,
                AccountEvent.kind.in_(ANNOUNCED),
                AccountEvent.seen_at.is_(None),
            )
            .order_by(AccountEvent.created_at, AccountEvent.id)
        )
        unseen = list(db.session.scalars(query))
        lines = [LogLine(e.created_at, _sentence(e, "you")) for e in unseen]
        if unseen:
            db.session.execute(
                update(AccountEvent)
                .where(AccountEvent.id.in_([e.id for e in unseen]))
                .values(seen_at=now)
            )
    return lines
