"""`/healthz` says the process serves; `/readyz` also checks the database answers."""

from __future__ import annotations

from flask import Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter
from app.health import bp

# The answer never changes, so it is encoded once: serialising a dict per request was
# about a tenth of this route's time, and load balancers ask it often.
HEALTHY = b'{"status":"ok"}\n'


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return Response(HEALTHY, mimetype="application/json")


@bp.get("/readyz")
@limiter.exempt
def readyz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
