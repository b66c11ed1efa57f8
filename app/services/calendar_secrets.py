"""Encrypting calendar credentials and secret addresses at rest (Fernet).

A subscription address ("secret address in iCal format") is a password in all but
name, and a CalDAV account needs its app password to be usable later, so both are
stored encrypted with `cryptography`'s Fernet (AES-128-CBC + HMAC-SHA256). The key
comes from CALENDAR_SECRET_KEY, which production requires; development and tests
derive one from SECRET_KEY so that the demo needs no setup. A key that is not a
Fernet key (any long random text) is stretched into one with SHA-256.

Decrypted values live only in memory for the length of a refresh or a write-back.
They are never put in a page, a log line or an error message.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from app.domain.errors import DomainError


class SecretUnreadable(DomainError):
    """The stored secret cannot be decrypted (the key changed)."""

    def __init__(self) -> None:
        super().__init__(
            "",
            "The saved login could not be read (the server's calendar key changed); "
            "remove this calendar and connect it again.",
        )


def _fernet(config: dict) -> Fernet:
    configured = config.get("CALENDAR_SECRET_KEY") or ""
    material = configured or f"teamshape-calendar:{config['SECRET_KEY']}"
    try:
        return Fernet(material.encode())
    except ValueError:
        digest = hashlib.sha256(material.encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))


def seal(values: dict[str, str]) -> str:
    """The values encrypted as one token (text, safe to store)."""
    box = _fernet(current_app.config)
    return box.encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    """The values back; `SecretUnreadable` when the key no longer fits."""
    box = _fernet(current_app.config)
    try:
        return json.loads(box.decrypt(token.encode()))
    except (InvalidToken, ValueError) as error:
        raise SecretUnreadable() from error


def new_key() -> str:
    """A fresh key for CALENDAR_SECRET_KEY."""
    return Fernet.generate_key().decode()
