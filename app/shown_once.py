"""A secret shown once, on a GET page reached by a redirect (post/redirect/get).

A POST that makes a secret (a feed address, an invite link, a password-reset link)
keeps it in a named slot of the session and redirects; the GET page takes it out of
the slot as it renders. So the address bar never shows the POST URL, and a reload
shows the page again without the secret instead of posting again, which used to issue
a new secret and silently break the one just copied. Reloading after the secret was
taken shows no secret at all: it is shown once.

The session is Flask's signed cookie (HttpOnly, Secure in production): the secret
travels in it for one redirect, between the server and the person who made it, the
same channel that then shows it to them; taking it rewrites the cookie without it.
"""

from __future__ import annotations

from flask import session

SLOTS = "shown_once"


def keep(slot: str, secret: str | dict[str, str]) -> None:
    """Hold `secret` (a string, or a few strings by name) for the next page that takes
    `slot`; a later keep replaces it."""
    slots = dict(session.get(SLOTS) or {})
    slots[slot] = secret
    session[SLOTS] = slots


def take(slot: str):
    """The secret kept in `slot`, removed as it is read; None when there is none."""
    slots = dict(session.get(SLOTS) or {})
    secret = slots.pop(slot, None)
    if secret is not None:
        if slots:
            session[SLOTS] = slots
        else:
            session.pop(SLOTS, None)
    return secret
