"""Bearer-token authentication and the per-token rate limit for /api/v1.

`token_auth` checks `Authorization: Bearer <token>` against the stored hashes
(`services.api_tokens`); a missing, wrong, expired or revoked token is a 401 problem
document. Roles are the token's scope: every token has "read", read+write tokens also
"write", and writing endpoints require "write" (403 otherwise). No session cookie is
ever consulted.
"""

from __future__ import annotations

import hashlib

from apiflask import HTTPTokenAuth
from flask import request

from app import clock
from app.api.problems import from_http_error
from app.services.api_tokens import TokenHolder, member_for_token

token_auth = HTTPTokenAuth(
    scheme="Bearer",
    description="A personal API token made in Settings → API tokens.",
    security_scheme_name="BearerToken",
)
token_auth.error_processor(from_http_error)


@token_auth.verify_token
def _verify(token: str) -> TokenHolder | None:
    if not token:
        return None
    return member_for_token(token, clock.now())


@token_auth.get_user_roles
def _roles(holder: TokenHolder) -> list[str]:
    return ["read", "write"] if holder.can_write else ["read"]


def holder() -> TokenHolder:
    """The token holder of this request (the view is behind `auth_required`)."""
    return token_auth.current_user


def rate_limit_key() -> str:
    """Count requests per token (its hash), or per address when there is none."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and len(header) < 300:
        return "api-token:" + hashlib.sha256(header[7:].encode()).hexdigest()
    return "api-anon:" + (request.remote_addr or "")
