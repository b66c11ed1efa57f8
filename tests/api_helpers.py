"""Helpers for API tests: make tokens and call /api/v1 with them."""

from __future__ import annotations

from datetime import UTC, datetime

from app.services import api_tokens


def make_token(member_id: int, scope: str = "read", *, now: datetime | None = None, days=30):
    """A fresh token's secret (made `now`, default the real clock)."""
    _, secret = api_tokens.create_token(
        member_id, name=f"test {scope}", scope=scope, days=days, now=now or datetime.now(UTC)
    )
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
