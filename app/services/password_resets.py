"""Password reset through a one-time, expiring link that an admin generates.

There is no self-service "forgot password" mail: an admin makes the link and hands it
over, which suits a self-hosted workspace without SMTP. Using the link ends every open
session of the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.domain.accounts import check_password
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.tokens import hash_token, new_token
from app.extensions import db
from app.models import Member, PasswordReset
from app.services.accounts import hash_password
from app.services.sign_ins import end_every_sign_in
from app.services.transaction import unit_of_work

RESET_UNUSABLE = "This reset link is not valid any more. Ask an admin for a new one."


class ResetUnusable(DomainError):
    """The reset link is unknown, used or expired."""


@dataclass(frozen=True)
class IssuedReset:
    member: Member
    token: str
    expires_at: datetime


def create_reset(actor_id: int, member_id: int, *, now: datetime, valid_hours: int) -> IssuedReset:
    """An admin makes a reset link for a member; earlier unused links stop working."""
    with unit_of_work():
        actor = db.session.get(Member, actor_id)
        if actor is None or not actor.is_admin:
            raise NotAllowed("", "Only admins can make reset links.")
        member = db.session.get(Member, member_id)
        if member is None:
            raise NotFound("member", "No such member.")
        db.session.execute(
            update(PasswordReset)
            .where(PasswordReset.member_id == member_id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        token, token_hash = new_token()
        expires_at = now + timedelta(hours=valid_hours)
        db.session.add(
            PasswordReset(
                member_id=member_id,
                token_hash=token_hash,
                created_by_id=actor_id,
                created_at=now,
                expires_at=expires_at,
            )
        )
    return IssuedReset(member, token, expires_at)


def usable_reset(token: str, now: datetime) -> PasswordReset:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise ResetUnusable("", RESET_UNUSABLE)
    return reset


def use_reset(token: str, *, new_password: str, now: datetime, min_length: int) -> Member:
    """Set the new password, spend the link, sign the member out everywhere."""
    with unit_of_work():
        reset = usable_reset(token, now)
        check_password(new_password, min_length, field="password")
        spent = db.session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        if spent.rowcount != 1:
            raise ResetUnusable("", RESET_UNUSABLE)
        member = db.session.get(Member, reset.member_id)
        member.password_hash = hash_password(new_password)
        end_every_sign_in(member)
    return member
