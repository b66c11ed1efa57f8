"""How failed sign-ins are slowed: per address and account, per address, per account.

One limit per client address alone gets both cases wrong: behind one office NAT a
colleague's typos lock out everybody, and a guesser spreading tries over many addresses
is never slowed. So three limits count failed sign-ins (a successful one costs nothing):

- `LOGIN_RATE_LIMIT` per address *and* account: one person's typos lock out only that
  account from that address;
- `LOGIN_ADDRESS_RATE_LIMIT` per address, all accounts together (higher): one address
  trying many accounts is still stopped, a busy office is not;
- `LOGIN_ACCOUNT_RATE_LIMIT` per account, all addresses together: a distributed guess
  at one account gets at most that many tries per period. The price: whoever floods one
  account with wrong passwords keeps its owner out until the period ends.

Account keys are SHA-256 digests of the normalised email, so the rate-limit store
(Redis in production) holds no addresses in the clear.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.domain.accounts import normalise_email


def _account() -> str:
    email = normalise_email(request.form.get("email", "")[:320])
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def address_and_account_key() -> str:
    return f"pair:{get_remote_address()}:{_account()}"


def address_key() -> str:
    return f"address:{get_remote_address()}"


def account_key() -> str:
    return f"account:{_account()}"


def pair_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def failed(response) -> bool:
    """Only wrong passwords count: not a success (a redirect), not an attempt refused
    unread because another limit was already reached (429)."""
    return response.status_code not in (302, 429)
