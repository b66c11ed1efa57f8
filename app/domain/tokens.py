"""Secret tokens for links (invites, feeds, password resets): made here, stored hashed.

A token carries 256 bits from `secrets`; only its SHA-256 is stored, so a database
leak does not hand out working links. Comparing hashes of a high-entropy secret needs
no constant-time compare: the lookup is by hash.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
