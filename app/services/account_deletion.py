"""Delete an account: the member and everything Teamshape holds about them, in one go.

Who may: the member themselves after re-entering their password, or an admin for a
member already deactivated. The workspace's last admin cannot delete themselves.

What happens, in ONE transaction (a failure anywhere leaves everything as it was):

1. Meetings they organised are cancelled the way cancelling one always works (status
   cancelled, SEQUENCE + 1, so every attendee's invitation and feed carries the
   cancellation under the same UID); their title, agenda and location, which the organiser wrote,
   are replaced by a neutral "Cancelled meeting", and the meeting keeps no organiser.
2. Meetings they attended lose them as an attendee and get SEQUENCE + 1, so the other
   attendees' invitations show the new list.
3. Invites they redeemed are deleted; then the member row is erased with every row that
   refers to it, found from the schema (`app.services.erasure`): manual, sections,
   revisions, search documents, pattern, busy time and imports, feed and API tokens,
   onboarding, memberships, and any table added later with a key to `member`.

After the commit, this process's in-process caches are emptied. Other processes' caches
are keyed by stamps and the data version, which the deletion changes, so they never
serve the erased values again; the old entries age out by size.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from app import tasks
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import AccountEvent, Invite, Meeting, MeetingAttendee, Member
from app.models.meeting import MEETING_BOOKED, MEETING_CANCELLED
from app.models.member import ROLE_ADMIN
from app.services.erasure import erase, forget_cached
from app.services.transaction import unit_of_work

CANCELLED_TITLE = "Cancelled meeting"
FORMER_MEMBER = "A former member"
LAST_ADMIN = (
    "You are the workspace’s only admin, so your account can’t be deleted yet. "
    "Make someone else an admin first."
)


class LastAdmin(DomainError):
    """The only admin tried to delete their own account."""


def delete_own_account(member_id: int, password: str, now: datetime) -> None:
    """The member deletes their own account, having re-entered their password."""
    with unit_of_work():
        member = _locked_member(member_id)
        if not check_password_hash(member.password_hash, password or ""):
            raise DomainError("password", "That is not your password.")
        if member.role == ROLE_ADMIN and _other_admins(member_id) == 0:
            raise LastAdmin("", LAST_ADMIN)
        changed = _erase_member(member_id, now)
    _after_erasure(changed)


def delete_deactivated_member(actor_id: int, member_id: int, now: datetime) -> None:
    """An admin deletes a member whose account is already deactivated."""
    with unit_of_work():
        actor = db.session.get(Member, actor_id)
        if actor is None or not actor.is_admin:
            raise NotAllowed("", "Only admins can do that.")
        if actor_id == member_id:
            raise DomainError("", "Delete your own account from your settings.")
        member = _locked_member(member_id)
        if member.active:
            raise DomainError("", "Deactivate this account first; then it can be deleted.")
        changed = _erase_member(member_id, now)
    _after_erasure(changed)


def _after_erasure(changed_meetings: list[int]) -> None:
    """Once committed: empty this process's caches, and let the other attendees' own
    calendars (write-back) hear of the cancellations and the shorter attendee lists."""
    forget_cached()
    tasks.meetings_changed(changed_meetings)


def _locked_member(member_id: int) -> Member:
    member = db.session.get(Member, member_id, with_for_update=True)
    if member is None:
        raise NotFound("member", "No such member.")
    return member


def _other_admins(member_id: int) -> int:
    query = select(func.count(Member.id)).where(
        Member.role == ROLE_ADMIN, Member.active, Member.id != member_id
    )
    return db.session.scalar(query) or 0


def _erase_member(member_id: int, now: datetime) -> list[int]:
    """Erase the member; the ids of the meetings this cancelled or changed."""
    organised = select(Meeting.id).where(Meeting.organiser_id == member_id)
    attended = select(MeetingAttendee.meeting_id).where(MeetingAttendee.member_id == member_id)
    changed = list(db.session.scalars(organised.union(attended)))
    db.session.execute(
        update(Meeting)
        .where(Meeting.organiser_id == member_id)
        .values(
            status=MEETING_CANCELLED,
            sequence=Meeting.sequence + 1,
            updated_at=now,
            title=CANCELLED_TITLE,
            agenda="",
            location="",
        )
    )
    db.session.execute(
        update(Meeting)
        .where(
            Meeting.id.in_(attended),
            Meeting.organiser_id != member_id,
            Meeting.status == MEETING_BOOKED,
        )
        .values(sequence=Meeting.sequence + 1, updated_at=now)
    )
    # Records of what they did to others' accounts stay (those are the others' history)
    # but no longer name them: the key is nulled by the erasure, the kept name here.
    db.session.execute(
        update(AccountEvent)
        .where(AccountEvent.actor_id == member_id)
        .values(actor_name=FORMER_MEMBER)
    )
    erase(Invite.__table__, Invite.member_id == member_id)
    erase(Member.__table__, Member.id == member_id)
    db.session.expire_all()
    return changed
