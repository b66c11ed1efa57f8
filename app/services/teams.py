"""Team use cases: create, rename, delete, and who is in which team."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import Member, Membership, Team
from app.models.account_event import EVENT_JOINED_TEAM, EVENT_LEFT_TEAM
from app.models.types import utcnow
from app.services import account_events
from app.services.feed_revocation import revoke_team_feeds
from app.services.transaction import unit_of_work

NAME_TAKEN = "A team with that name already exists."


def _require_admin(actor_id: int) -> None:
    actor = db.session.get(Member, actor_id)
    if actor is None or not actor.is_admin:
        raise NotAllowed("", "Only admins can manage teams.")


def get_team(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound("team", "No such team.")
    return team


def _check_name(name: str, team_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise DomainError("name", "Give the team a name.")
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise DomainError("name", "A team name cannot hold tabs, line breaks or other controls.")
    query = select(Team.id).where(func.lower(Team.name) == name.lower())
    if team_id is not None:
        query = query.where(Team.id != team_id)
    if db.session.scalar(query) is not None:
        raise DomainError("name", NAME_TAKEN)
    return name


def create_team(actor_id: int, *, name: str, description: str = "") -> Team:
    with unit_of_work("name", NAME_TAKEN):
        _require_admin(actor_id)
        team = Team(name=_check_name(name), description=description.strip())
        db.session.add(team)
    return team


def update_team(actor_id: int, team_id: int, *, name: str, description: str) -> Team:
    with unit_of_work("name", NAME_TAKEN):
        _require_admin(actor_id)
        team = get_team(team_id)
        team.name = _check_name(name, team_id)
        team.description = description.strip()
    return team


def delete_team(actor_id: int, team_id: int) -> None:
    with unit_of_work():
        _require_admin(actor_id)
        db.session.delete(get_team(team_id))


def add_member(
    actor_id: int,
    team_id: int,
    member_id: int,
    role_in_team: str = "",
    now: datetime | None = None,
) -> None:
    """Put a member in a team (a no-op when they are already in it); logged for all."""
    with unit_of_work():
        _require_admin(actor_id)
        team = get_team(team_id)
        if db.session.get(Member, member_id) is None:
            raise NotFound("member_id", "No such member.")
        existing = _membership(team_id, member_id)
        if existing is None:
            db.session.add(
                Membership(team_id=team_id, member_id=member_id, role_in_team=role_in_team.strip())
            )
            account_events.record(member_id, EVENT_JOINED_TEAM, actor_id, now or utcnow(), team)
        else:
            existing.role_in_team = role_in_team.strip() or existing.role_in_team


def remove_member(
    actor_id: int, team_id: int, member_id: int, now: datetime | None = None
) -> None:
    """Take a member out of a team: logged, and their feeds of the team die for good."""
    now = now or utcnow()
    with unit_of_work():
        _require_admin(actor_id)
        membership = _membership(team_id, member_id)
        if membership is None:
            raise NotFound("member_id", "That member is not in this team.")
        db.session.delete(membership)
        revoke_team_feeds(member_id, team_id, now)
        account_events.record(member_id, EVENT_LEFT_TEAM, actor_id, now, get_team(team_id))


def _membership(team_id: int, member_id: int) -> Membership | None:
    query = select(Membership).where(
        Membership.team_id == team_id, Membership.member_id == member_id
    )
    return db.session.scalar(query)


def list_teams() -> list[Team]:
    """All teams by name, memberships loaded in one extra query."""
    query = (
        select(Team)
        .options(selectinload(Team.memberships).selectinload(Membership.member))
        .order_by(func.lower(Team.name))
    )
    return list(db.session.scalars(query))


def team_page(page: int, per_page: int):
    """One page of teams by name (id breaks ties), memberships loaded in one extra query."""
    query = (
        select(Team)
        .options(selectinload(Team.memberships))
        .order_by(func.lower(Team.name), Team.id)
    )
    return db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)


def team_ids_of(member_id: int) -> set[int]:
    query = select(Membership.team_id).where(Membership.member_id == member_id)
    return set(db.session.scalars(query))
