"""Friendly error pages, and domain errors that escape a view turned into 400/403/404."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.extensions import db, login_manager

MESSAGES = {
    400: ("That request didn’t make sense", "Something in it was missing or malformed."),
    403: ("You can’t open this", "It belongs to someone else or needs another role."),
    404: ("We couldn’t find that", "The link may be old, or the page was removed."),
    405: ("That doesn’t work here", "This address does not accept that kind of request."),
    413: ("That file is too large", "Please upload something smaller."),
    429: ("Slow down a little", "Too many attempts. Wait a few minutes and try again."),
    500: ("Something went wrong on our side", "It was logged. Please try again."),
    503: ("Teamshape is taking a breather", "The database is out of reach; try again soon."),
}


def render_error(code: int, detail: str | None = None):
    if request.path.startswith("/api/v1/"):  # e.g. a 404 no API route matched
        from app.api.problems import problem

        return problem(code, detail or "")
    title, text = MESSAGES.get(code, MESSAGES[500])
    wants_json = request.accept_mimetypes.best == "application/json"
    if wants_json:
        return {"error": title, "detail": detail or text}, code
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # A description given on purpose (`abort(404, description=...)`) is shown.
        custom = error.description if error.description != type(error).description else None
        return render_error(error.code or 500, custom)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, "The form expired or was sent from elsewhere. Please retry.")

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        return render_error(404)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed):
        return render_error(403, error.reason)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(400, error.reason)

    @app.errorhandler(OperationalError)
    def database_unreachable(error: OperationalError):
        """The database went away: say so kindly; the pool reconnects when it returns."""
        db.session.rollback()
        g._login_user = login_manager.anonymous_user()  # don't ask the database who it is
        title, text = MESSAGES[503]
        retry = {"Retry-After": "15"}
        if request.accept_mimetypes.best == "application/json":
            return {"error": title, "detail": text}, 503, retry
        # This page must not touch the database (no current_user, no navigation).
        page = render_template("errors/unavailable.html", code=503, title=title, text=text)
        return page, 503, retry

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)
