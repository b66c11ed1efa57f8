"""Personal API tokens: what lets another tool act for a member under /api/v1.

Only the token's SHA-256 is kept (the token itself is shown once, when made). A token
has a scope (`read`, or `read+write` for changes), an expiry, the time it was last used
and, once revoked, when. Deleting the member deletes their tokens.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

SCOPE_READ = "read"
SCOPE_WRITE = "read+write"
SCOPES = (SCOPE_READ, SCOPE_WRITE)


class ApiToken(db.Model):
    """A named bearer token of one member; `token_hash` is the SHA-256 of the secret."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(16), default=SCOPE_READ)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
