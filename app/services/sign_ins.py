"""Which sign-ins still count: the server-side half of signing out.

Sessions are signed cookies, so a copy of one (or of the "keep me signed in" cookie)
works until the server refuses it. Every sign-in gets a random nonce, and Flask-Login's
id is "<member>:<epoch>:<nonce>" (the remember cookie carries the same id). The member
row holds what makes an id dead:

- `session_epoch`: raised by "sign out everywhere", a password change or reset and
  deactivation; every id with an older epoch is refused.
- `signed_out`: the nonces of the browsers that signed out since the epoch last moved
  (at most `SIGNED_OUT_KEPT`; one more raises the epoch instead, which signs everyone
  out once, so the row never grows).

Both ride in the row that is read anyway to load the signed-in member, together with
the data version: refusing a dead id costs no extra query.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import Member
from app.models.member import new_sign_in_nonce
from app.services import data_version
from app.services.transaction import unit_of_work

SIGNED_OUT_KEPT = 32


def parse_id(session_id: str) -> tuple[int, int, str] | None:
    """(member id, epoch, nonce) from a Flask-Login id, or None if it is malformed."""
    parts = session_id.split(":")
    if len(parts) != 3:
        return None
    member_id, epoch, nonce = parts
    if not (member_id.isdigit() and epoch.isdigit() and len(nonce) == 12):
        return None
    if not all(c in "0123456789abcdef" for c in nonce):
        return None
    return int(member_id), int(epoch), nonce


@cache
def _session_member_query():
    """Built once: every signed-in request runs it, and building it cost about as much
    as running it on a warm connection."""
    return select(Member, data_version.as_column()).where(Member.id == bindparam("member_id"))


def load_session_member(session_id: str) -> Member | None:
    """The member behind a live id; a stale epoch, a signed-out nonce or inactive → None."""
    parsed = parse_id(session_id)
    if parsed is None:
        return None
    member_id, epoch, nonce = parsed
    row = db.session.execute(_session_member_query(), {"member_id": member_id}).first()
    if row is None:
        return None
    member, version = row
    # The data version rides along: a page that caches by it pays no round trip more.
    data_version.remember(db.session, version)
    if not member.active or member.session_epoch != epoch or nonce in member.signed_out.split():
        return None
    member.sign_in_nonce = nonce
    return member


def start(member: Member) -> Member:
    """Give `member` a fresh nonce before `login_user`: a new sign-in, a new id."""
    member.sign_in_nonce = new_sign_in_nonce()
    return member


def end_every_sign_in(member: Member) -> None:
    """Refuse every id issued so far (inside the caller's unit of work)."""
    member.session_epoch += 1
    member.signed_out = ""


def _locked(member_id: int) -> Member | None:
    query = select(Member).where(Member.id == member_id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def sign_out(session_id: str) -> None:
    """Refuse this one id from now on, wherever a copy of it is."""
    parsed = parse_id(session_id)
    if parsed is None:
        return
    member_id, epoch, nonce = parsed
    with unit_of_work():
        member = _locked(member_id)
        if member is None or member.session_epoch != epoch:
            return  # already dead
        kept = member.signed_out.split()
        if nonce in kept:
            return
        if len(kept) >= SIGNED_OUT_KEPT:
            end_every_sign_in(member)
        else:
            member.signed_out = " ".join([*kept, nonce])


def sign_out_everywhere(member_id: int) -> None:
    """End every sign-in of the member, on every device."""
    with unit_of_work():
        member = _locked(member_id)
        if member is not None:
            end_every_sign_in(member)
