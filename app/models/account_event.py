"""What was done to a member's account or team membership, for them (and their team) to see.

Admins can reset passwords and move people between teams; an admin who adds herself
to a team reads its "my teams" sections. These rows make such acts visible to the
people they concern instead of silent: the member sees their own in Settings (and a
password reset is announced on their next sign-in), and a team page lists who joined
and left it and who did it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

EVENT_RESET_LINK = "reset_link"  # someone made a password-reset link for the member
EVENT_RESET_USED = "reset_used"  # the member's password was set through such a link
EVENT_JOINED_TEAM = "joined_team"
EVENT_LEFT_TEAM = "left_team"
EVENT_PASSWORD_BY_ADMIN = "password_by_admin"  # noqa: S105 (an event name, not a secret)
EVENT_PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name, not a secret)


class AccountEvent(db.Model):
    """One act on `member_id`'s account by `actor_id` (None: the server's operator)."""

    __tablename__ = "account_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    # Names as they were, so the record survives renames and deleted teams.
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    team_name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the member was told (shown on sign-in); None until then.
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
