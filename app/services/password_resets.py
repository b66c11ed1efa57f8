"""Password reset through a one-time, expiring link that reaches the member, not the admin.

An admin asks for a reset; the link must end up with the member only, or an admin
could open it, set a password and sign in as the member to read their "only me" text:

- With mail (`SMTP_HOST`), the link is mailed to the member and never shown to the admin
  (the view mails it; `withdraw` spends it if the mail could not be sent).
- Without mail, the admin is shown the link, but using it also takes the member's
  recovery code, which only the member holds (app/services/recovery_codes.py) and which
  is spent by the reset. A member without one cannot be reset from the web: only the
  server's operator can, on the command line (`teamshape reset-link`), since whoever
  runs the database can read everything anyway.

Every link made and every reset used is logged for the member, who is told on their
next sign-in. Using a link ends every open session of the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.domain.accounts import check_password, normalise_email
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.tokens import hash_token, new_token
from app.extensions import db
from app.models import Member, PasswordReset
from app.models.account_event import EVENT_RESET_LINK, EVENT_RESET_USED
from app.services import account_events, recovery_codes
from app.services.accounts import hash_password
from app.services.sign_ins import end_every_sign_in
from app.services.transaction import unit_of_work

RESET_UNUSABLE = "This reset link is not valid any more. Ask an admin for a new one."
WRONG_CODE = "That is not your recovery code."


class ResetUnusable(DomainError):
    """The reset link is unknown, used or expired."""


class NoRecoveryCode(DomainError):
    """Without mail, a member without a recovery code cannot be reset from the web."""


@dataclass(frozen=True)
class IssuedReset:
    member: Member
    token: str
    expires_at: datetime
    reset_id: int
    needs_recovery_code: bool


def create_reset(
    actor_id: int, member_id: int, *, now: datetime, valid_hours: int, by_mail: bool
) -> IssuedReset:
    """An admin asks for a reset link; earlier unused links stop working.

    `by_mail` says the caller mails the link to the member and never shows it; without
    it the link needs the member's recovery code, and a member with none is refused.
    """
    with unit_of_work():
        actor = db.session.get(Member, actor_id)
        if actor is None or not actor.is_admin:
            raise NotAllowed("", "Only admins can make reset links.")
        member = db.session.get(Member, member_id)
        if member is None:
            raise NotFound("member", "No such member.")
        if not by_mail and not recovery_codes.has_code(member):
            raise NoRecoveryCode("", f"{member.display_name} has no recovery code.")
        issued = _issue(member, actor_id, now, valid_hours, needs_code=not by_mail)
    return issued


def create_operator_reset(email: str, *, now: datetime, valid_hours: int) -> IssuedReset:
    """The server's operator makes a link on the command line (no recovery code asked)."""
    with unit_of_work():
        member = db.session.scalar(select(Member).where(Member.email == normalise_email(email)))
        if member is None:
            raise NotFound("email", "No member has that email.")
        issued = _issue(member, None, now, valid_hours, needs_code=False)
    return issued


def _issue(
    member: Member, actor_id: int | None, now: datetime, valid_hours: int, *, needs_code: bool
) -> IssuedReset:
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.member_id == member.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token, token_hash = new_token()
    expires_at = now + timedelta(hours=valid_hours)
    reset = PasswordReset(
        member_id=member.id,
        token_hash=token_hash,
        created_by_id=actor_id,
        created_at=now,
        expires_at=expires_at,
        needs_recovery_code=needs_code,
    )
    db.session.add(reset)
    account_events.record(member.id, EVENT_RESET_LINK, actor_id, now)
    db.session.flush()
    return IssuedReset(member, token, expires_at, reset.id, needs_code)


def withdraw(reset_id: int, now: datetime) -> None:
    """Spend a link that could not be delivered, so nobody holds a working one."""
    with unit_of_work():
        db.session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset_id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )


def usable_reset(token: str, now: datetime) -> PasswordReset:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise ResetUnusable("", RESET_UNUSABLE)
    return reset


def use_reset(
    token: str, *, new_password: str, now: datetime, min_length: int, recovery_code: str = ""
) -> Member:
    """Set the new password, spend the link (and code), sign the member out everywhere."""
    with unit_of_work():
        reset = usable_reset(token, now)
        member = db.session.get(Member, reset.member_id)
        if reset.needs_recovery_code:
            if not recovery_codes.matches(member, recovery_code):
                raise DomainError("recovery_code", WRONG_CODE)
            member.recovery_code_hash = None  # spent: whoever watched it typed gains nothing
        check_password(new_password, min_length, field="password")
        spent = db.session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        if spent.rowcount != 1:
            raise ResetUnusable("", RESET_UNUSABLE)
        member.password_hash = hash_password(new_password)
        end_every_sign_in(member)
        account_events.record(member.id, EVENT_RESET_USED, reset.created_by_id, now)
    return member
