"""Invite use cases: an admin invites a new hire; the hire accepts and gets an account.

An invite link works once, until it expires, unless revoked or replaced by a resend.
Accepting marks the invite used with a guarded UPDATE, so two tabs racing to accept the
same link create one account, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app.domain.accounts import normalise_email
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.tokens import hash_token, new_token
from app.extensions import db
from app.models import Invite, Member, Membership, OnboardingState, Team
from app.models.account_event import EVENT_JOINED_TEAM
from app.services import account_events, accounts
from app.services.transaction import unit_of_work


class InviteUnusable(DomainError):
    """The link cannot be used: unknown, used, expired or revoked (`field` says which)."""


UNUSABLE = {
    "unknown": "This invite link is not valid. Ask your admin for a new one.",
    "used": "This invite has already been used. If it was you, just sign in.",
    "expired": "This invite has expired. Ask your admin to send a fresh one.",
    "revoked": "This invite was withdrawn. Ask your admin if that is a mistake.",
}


@dataclass(frozen=True)
class IssuedInvite:
    """An invite together with its token — the only moment the token is known."""

    invite: Invite
    token: str


def _require_admin(actor_id: int) -> Member:
    actor = db.session.get(Member, actor_id)
    if actor is None or not actor.is_admin:
        raise NotAllowed("", "Only admins can invite people.")
    return actor


def state_of(invite: Invite, now: datetime) -> str:
    """pending, used, expired or revoked."""
    if invite.accepted_at is not None:
        return "used"
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    return "pending"


def create_invite(
    actor_id: int,
    *,
    email: str,
    display_name: str,
    team_ids: list[int],
    start_date: date | None,
    now: datetime,
    valid_days: int,
) -> IssuedInvite:
    """Invite someone by email into `team_ids`; returns the link's token once."""
    with unit_of_work():
        actor = _require_admin(actor_id)
        email = normalise_email(email)
        if db.session.scalar(select(Member.id).where(Member.email == email)) is not None:
            raise DomainError("email", "That email already has an account.")
        if any(state_of(i, now) == "pending" for i in _invites_for(email)):
            raise DomainError("email", "That person already has a pending invite: resend it.")
        teams = list(db.session.scalars(select(Team).where(Team.id.in_(team_ids))))
        token, token_hash = new_token()
        invite = Invite(
            email=email,
            display_name=display_name.strip(),
            start_date=start_date,
            token_hash=token_hash,
            invited_by_id=actor.id,
            created_at=now,
            expires_at=now + timedelta(days=valid_days),
            teams=teams,
        )
        db.session.add(invite)
    return IssuedInvite(invite, token)


def _invites_for(email: str) -> list[Invite]:
    return list(db.session.scalars(select(Invite).where(Invite.email == email)))


def _open_invite(actor_id: int, invite_id: int, now: datetime) -> Invite:
    _require_admin(actor_id)
    invite = db.session.get(Invite, invite_id)
    if invite is None:
        raise NotFound("invite", "No such invite.")
    if state_of(invite, now) == "used":
        raise DomainError("", "That invite was already accepted.")
    return invite


def resend_invite(
    actor_id: int, invite_id: int, *, now: datetime, valid_days: int
) -> IssuedInvite:
    """A new token and a new expiry; the old link stops working at once."""
    with unit_of_work():
        invite = _open_invite(actor_id, invite_id, now)
        token, invite.token_hash = new_token()
        invite.revoked_at = None
        invite.created_at = now
        invite.expires_at = now + timedelta(days=valid_days)
    return IssuedInvite(invite, token)


def revoke_invite(actor_id: int, invite_id: int, *, now: datetime) -> Invite:
    with unit_of_work():
        invite = _open_invite(actor_id, invite_id, now)
        invite.revoked_at = now
    return invite


def mark_sent(invite_id: int, now: datetime) -> None:
    with unit_of_work():
        invite = db.session.get(Invite, invite_id)
        if invite is not None:
            invite.sent_at = now


def usable_invite(token: str, now: datetime) -> Invite:
    """The pending invite behind `token`, or InviteUnusable saying why not."""
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
    if invite is None:
        raise InviteUnusable("unknown", UNUSABLE["unknown"])
    state = state_of(invite, now)
    if state != "pending":
        raise InviteUnusable(state, UNUSABLE[state])
    return invite


def accept_invite(
    token: str,
    *,
    display_name: str,
    password: str,
    time_zone: str,
    now: datetime,
    min_length: int,
) -> Member:
    """Create the new hire's account, put them in their teams, start onboarding."""
    with unit_of_work("email", "That email already has an account."):
        invite = usable_invite(token, now)
        # Claim the link only if it is still this token, unused, unrevoked and unexpired:
        # a resend or revoke racing the accept wins or loses as a whole.
        claimed = db.session.execute(
            update(Invite)
            .where(
                Invite.id == invite.id,
                Invite.token_hash == hash_token(token),
                Invite.accepted_at.is_(None),
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
            )
            .values(accepted_at=now)
        )
        if claimed.rowcount != 1:
            raise InviteUnusable("used", UNUSABLE["used"])
        member = accounts.new_member_in_session(
            email=invite.email,
            display_name=display_name,
            password=password,
            time_zone=time_zone,
            min_length=min_length,
            start_date=invite.start_date or _local_today(now, time_zone),
        )
        db.session.flush()
        invite.member_id = member.id
        for team in invite.teams:
            db.session.add(Membership(team_id=team.id, member_id=member.id))
            account_events.record(member.id, EVENT_JOINED_TEAM, invite.invited_by_id, now, team)
        db.session.add(OnboardingState(member_id=member.id))
    return member


def _local_today(now: datetime, zone: str) -> date:
    """Today's date where the new hire is (their zone is checked when the account is made)."""
    try:
        return now.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


def list_invites(page: int, per_page: int):
    """One page of invites, newest first (id breaks ties), with their teams loaded."""
    query = (
        select(Invite)
        .options(selectinload(Invite.teams))
        .order_by(Invite.created_at.desc(), Invite.id.desc())
    )
    return db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
