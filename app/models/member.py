"""A member of the workspace: their account and how to reach them."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

ROLE_ADMIN = "admin"
ROLE_MEMBER = "member"


def new_pattern_stamp() -> int:
    """A fresh random stamp (62 bits: any SQL BIGINT holds it)."""
    return secrets.randbits(62)


def new_sign_in_nonce() -> str:
    """A fresh sign-in nonce (48 random bits; session ids are signed with the key too)."""
    return secrets.token_hex(6)


class Member(UserMixin, db.Model):
    """An account. `email` is stored lower-cased so uniqueness ignores case."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    # A short role or one-line summary ("Backend engineer, payments") for directory cards.
    headline: Mapped[str] = mapped_column(String(80), default="", server_default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    role: Mapped[str] = mapped_column(String(16), default=ROLE_MEMBER)
    password_hash: Mapped[str] = mapped_column(String(255))
    start_date: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Nonces of sign-ins ended by "sign out" since the epoch last moved (space-separated,
    # bounded: see app/services/sign_ins.py).
    signed_out: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A code only the member holds; without mail, an admin-made reset link needs it.
    recovery_code_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Changes (to a new random value) whenever anything the member's weekly pattern is
    # read from changes; caches of loaded patterns key on (member id, stamp). Random,
    # not a counter, so member 1 of one database never shares a key with member 1 of
    # another (tests, benchmarks).
    pattern_stamp: Mapped[int] = mapped_column(BigInteger, default=new_pattern_stamp)

    memberships = relationship("Membership", back_populates="member", cascade="all, delete-orphan")

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    # Not a column: the nonce of the sign-in this object was loaded for (or is being
    # signed in with). A new sign-in gets a fresh one the first time its id is asked for.
    sign_in_nonce = None

    def get_id(self) -> str:
        """Session id "<id>:<epoch>:<nonce>": dies when the epoch moves or it signs out."""
        if self.sign_in_nonce is None:
            self.sign_in_nonce = new_sign_in_nonce()
        return f"{self.id}:{self.session_epoch}:{self.sign_in_nonce}"

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.email}>"


# The directory's default order (and its tie-break): with this index a page of names is
# read in order instead of sorting every member by a collation on each request.
Index("ix_member_name_order", func.lower(Member.display_name), Member.id)
