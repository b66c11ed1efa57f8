"""A recovery code: something only the member holds, for resets made without mail.

Without mail, an admin-made reset link has to pass through the admin, so the link
alone must not be enough: whoever opens it must also give the member's recovery code.
The code is shown to the member once, when they make it in Settings, and only its hash
is kept. 120 random bits, so guessing it (even at the reset page's rate limit) is hopeless.
"""

from __future__ import annotations

import base64
import secrets

from werkzeug.security import check_password_hash

from app.models import Member
from app.services.accounts import get_member, hash_password
from app.services.transaction import unit_of_work

CODE_BYTES = 15  # 24 base32 characters


def _normalised(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def make_code(member_id: int) -> str:
    """A new recovery code for the member (any older one stops working); shown once."""
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode()
    with unit_of_work():
        member = get_member(member_id)
        member.recovery_code_hash = hash_password(raw)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def has_code(member: Member) -> bool:
    return member.recovery_code_hash is not None


def matches(member: Member, code: str) -> bool:
    """True when `code` (spaces, dashes and case ignored) is the member's recovery code."""
    if member.recovery_code_hash is None:
        return False
    return check_password_hash(member.recovery_code_hash, _normalised(code))
