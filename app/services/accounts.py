"""Account use cases: first-run setup, creating members, signing in, settings."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.accounts import (
    check_headline,
    check_password,
    check_time_zone,
    normalise_email,
)
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import Member
from app.models.account_event import EVENT_PASSWORD_BY_ADMIN, EVENT_PASSWORD_CHANGED
from app.models.member import ROLE_ADMIN, ROLE_MEMBER
from app.models.types import utcnow
from app.services import account_events
from app.services.feed_revocation import revoke_all_feeds
from app.services.patterns import renew_pattern_stamp
from app.services.sign_ins import end_every_sign_in
from app.services.transaction import unit_of_work


def hash_password(password: str) -> str:
    """Hash with the configured method (scrypt by default; tests use a cheap one)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash to check against when the email is unknown, so both paths cost the same."""
    return generate_password_hash("timing-equaliser-not-a-password", method=method)


EMAIL_TAKEN = "That email already has an account."


def needs_setup() -> bool:
    """True while the workspace has no member at all."""
    return db.session.scalar(select(func.count(Member.id))) == 0


def get_member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    return member


def new_member_in_session(
    *,
    email: str,
    display_name: str,
    password: str,
    time_zone: str,
    min_length: int,
    role: str = ROLE_MEMBER,
    pronouns: str = "",
    start_date: date | None = None,
) -> Member:
    """Add a member to the current transaction (the caller's unit of work commits)."""
    email = normalise_email(email)
    if not display_name.strip():
        raise DomainError("display_name", "Tell us the name to show.")
    if db.session.scalar(select(Member.id).where(Member.email == email)) is not None:
        raise DomainError("email", EMAIL_TAKEN)
    check_password(password, min_length)
    member = Member(
        email=email,
        display_name=display_name.strip(),
        pronouns=pronouns.strip(),
        time_zone=check_time_zone(time_zone),
        role=role,
        password_hash=hash_password(password),
        start_date=start_date,
    )
    db.session.add(member)
    return member


def setup_first_admin(
    *, email: str, display_name: str, password: str, time_zone: str, min_length: int
) -> Member:
    """Create the workspace's first member as admin; refused once anyone exists."""
    with unit_of_work("email", EMAIL_TAKEN):
        if not needs_setup():
            raise NotAllowed("", "This workspace is already set up. Please sign in.")
        member = new_member_in_session(
            email=email,
            display_name=display_name,
            password=password,
            time_zone=time_zone,
            role=ROLE_ADMIN,
            min_length=min_length,
        )
    return member


def create_member(
    *,
    email: str,
    display_name: str,
    password: str,
    time_zone: str,
    min_length: int,
    admin: bool = False,
    pronouns: str = "",
    start_date: date | None = None,
    created_by_id: int | None = None,
) -> Member:
    """An admin creates an account for someone (invites arrive with onboarding).

    With `created_by_id`, the log notes that this admin knows the password, and the
    member is asked to choose their own at sign-in until they do.
    """
    with unit_of_work("email", EMAIL_TAKEN):
        member = new_member_in_session(
            email=email,
            display_name=display_name,
            password=password,
            time_zone=time_zone,
            role=ROLE_ADMIN if admin else ROLE_MEMBER,
            min_length=min_length,
            pronouns=pronouns,
            start_date=start_date,
        )
        if created_by_id is not None:
            db.session.flush()
            account_events.record(member.id, EVENT_PASSWORD_BY_ADMIN, created_by_id, utcnow())
    return member


def authenticate(email: str, password: str) -> Member | None:
    """The active member with these credentials, or None (same cost either way)."""
    member = db.session.scalar(select(Member).where(Member.email == normalise_email(email)))
    if member is None:
        check_password_hash(
            _dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")), password
        )
        return None
    if not check_password_hash(member.password_hash, password) or not member.active:
        return None
    return member


def update_profile(
    member_id: int,
    *,
    display_name: str,
    pronouns: str,
    time_zone: str,
    headline: str | None = None,
) -> Member:
    """Change how a member is shown and which zone their times are in (the headline
    only when given)."""
    with unit_of_work():
        member = get_member(member_id)
        member.display_name = display_name.strip()
        member.pronouns = pronouns.strip()
        if headline is not None:
            member.headline = check_headline(headline)
        zone = check_time_zone(time_zone)
        if zone != member.time_zone:
            member.time_zone = zone
            renew_pattern_stamp(member)
    return member


def change_password(member_id: int, *, current: str, new: str, min_length: int) -> Member:
    """Set a new password; every other session of the member stops working."""
    with unit_of_work():
        member = get_member(member_id)
        if not check_password_hash(member.password_hash, current):
            raise DomainError("current_password", "That is not your current password.")
        check_password(new, min_length, field="new_password")
        member.password_hash = hash_password(new)
        end_every_sign_in(member)
        account_events.record(member.id, EVENT_PASSWORD_CHANGED, member.id, utcnow())
    return member


def set_active(actor_id: int, member_id: int, active: bool, now: datetime | None = None) -> Member:
    """Admins (de)activate accounts; deactivation ends sessions and feeds for good."""
    with unit_of_work():
        actor = get_member(actor_id)
        if not actor.is_admin:
            raise NotAllowed("", "Only admins can do that.")
        if actor_id == member_id and not active:
            raise DomainError("", "You cannot deactivate your own account.")
        member = get_member(member_id)
        if member.active != active:
            member.active = active
            end_every_sign_in(member)
            if not active:
                revoke_all_feeds(member_id, now or utcnow())
    return member


def set_role(actor_id: int, member_id: int, admin: bool) -> Member:
    """Admins grant or remove the admin role; the last admin cannot step down."""
    with unit_of_work():
        actor = get_member(actor_id)
        if not actor.is_admin:
            raise NotAllowed("", "Only admins can do that.")
        member = get_member(member_id)
        if not admin and member.is_admin and _admin_count() == 1:
            raise DomainError("", "The workspace needs at least one admin.")
        member.role = ROLE_ADMIN if admin else ROLE_MEMBER
    return member


def _admin_count() -> int:
    query = select(func.count(Member.id)).where(Member.role == ROLE_ADMIN, Member.active)
    return db.session.scalar(query) or 0


MEMBER_SORTS = ("name", "email")


def list_members(page: int, per_page: int, sort: str = "name"):
    """Members for the admin list, by name (or email), paginated; id breaks ties."""
    key = func.lower(Member.email) if sort == "email" else func.lower(Member.display_name)
    query = select(Member).order_by(key, Member.id)
    return db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
