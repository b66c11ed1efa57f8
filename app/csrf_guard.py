"""CSRF checks only where they can matter: requests with an unsafe method.

Flask-WTF's own hook runs on every request and, before it looks at the method, works
out whether the view or blueprint is exempt, so every GET and HEAD (every page view,
`/healthz`) paid for a check that cannot apply to it. Flask-WTF documents the way out:
turn its default hook off (`WTF_CSRF_CHECK_DEFAULT = False`) and call `csrf.protect()`
from one's own hook. This hook looks at the method first; every POST, PUT, PATCH and
DELETE (`WTF_CSRF_METHODS`) is still checked, with the exemptions (the token-authorised
API) applied exactly as before.
"""

from __future__ import annotations

from flask import Flask, request
from flask_wtf import CSRFProtect


def register(app: Flask, csrf: CSRFProtect) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    config = app.config

    @app.before_request
    def check_csrf_on_unsafe_methods() -> None:
        if request.method in config["WTF_CSRF_METHODS"] and config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)
