"""Personal API tokens: make (shown once), list, revoke, and resolve a bearer token.

The secret is `ts_` + 32 random bytes (URL-safe); only its SHA-256 is stored, so a
database dump gives nobody API access. `member_for_token` is what /api/v1 calls on every
request: wrong, expired, revoked tokens and tokens of deactivated members all resolve
to nothing. `last_used_at` is written at most once a minute per token, so a busy client
does not turn every read into a write. The data version rides along with the token's
row, as it does with the signed-in member's (see `services.data_version`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from app.domain.errors import DomainError, NotFound
from app.extensions import db
from app.models import ApiToken, Member
from app.models.api_token import SCOPE_WRITE, SCOPES
from app.services import data_version
from app.services.transaction import unit_of_work

PREFIX = "ts_"
MAX_NAME = 80
LIFETIMES_DAYS = (7, 30, 90, 365)
LAST_USED_GRANULARITY = timedelta(minutes=1)
MAX_LIVE_TOKENS = 20


@dataclass(frozen=True)
class TokenHolder:
    """Who a valid bearer token acts for, and what it may do."""

    member_id: int
    token_id: int
    can_write: bool


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    member_id: int, *, name: str, scope: str, days: int, now: datetime
) -> tuple[ApiToken, str]:
    """A new token for the member; returns the row and the secret (shown only once)."""
    name = (name or "").strip()
    if not name:
        raise DomainError("name", "Give the token a name, e.g. the tool that will use it.")
    if len(name) > MAX_NAME:
        raise DomainError("name", f"Keep the name under {MAX_NAME} characters.")
    if scope not in SCOPES:
        raise DomainError("scope", "Choose read, or read and write.")
    if days not in LIFETIMES_DAYS:
        raise DomainError("days", "Choose how long the token lasts.")
    secret = PREFIX + secrets.token_urlsafe(32)
    with unit_of_work():
        if len(live_tokens(member_id, now)) >= MAX_LIVE_TOKENS:
            raise DomainError("name", f"You have {MAX_LIVE_TOKENS} tokens; revoke one first.")
        token = ApiToken(
            member_id=member_id,
            name=name,
            token_hash=token_hash(secret),
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        db.session.add(token)
    return token, secret


def live_tokens(member_id: int, now: datetime) -> list[ApiToken]:
    """The member's tokens that still work, newest first."""
    query = (
        select(ApiToken)
        .where(
            ApiToken.member_id == member_id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
        )
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke_token(member_id: int, token_id: int, now: datetime) -> None:
    """Revoke one of the member's own tokens (someone else's is `NotFound`)."""
    with unit_of_work():
        token = db.session.get(ApiToken, token_id)
        if token is None or token.member_id != member_id:
            raise NotFound("token", "No such token.")
        if token.revoked_at is None:
            token.revoked_at = now


def _holder_statement():
    """Built once: composing the SELECT cost more than running it (a third of a request)."""
    return (
        select(
            ApiToken.id,
            ApiToken.member_id,
            ApiToken.scope,
            ApiToken.last_used_at,
            data_version.as_column(),
        )
        .join(Member, Member.id == ApiToken.member_id)
        .where(
            ApiToken.token_hash == bindparam("token_hash"),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > bindparam("now"),
            Member.active,
        )
    )


_HOLDER = _holder_statement()


def member_for_token(secret: str, now: datetime) -> TokenHolder | None:
    """The holder of a valid token, or None (one query; a throttled last-used write).

    The last-used write leaves the data version alone (`writes_nothing_cached`): no
    cached page is built from token rows, and a version raised once a minute per busy
    token would empty every cache kept by version for everyone.
    """
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = db.session.execute(_HOLDER, {"token_hash": token_hash(secret), "now": now}).first()
    if row is None:
        return None
    token_id, member_id, scope, last_used, version = row
    if last_used is None or now - last_used >= LAST_USED_GRANULARITY:
        with unit_of_work():
            data_version.writes_nothing_cached(db.session)
            db.session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
    # As with the session's member: a reply kept by version asks nothing more. After
    # the write the version read above still holds (that write did not raise it).
    data_version.remember(db.session, version)
    return TokenHolder(member_id, token_id, scope == SCOPE_WRITE)
