"""Home: a greeting and where to go next; the first visit goes to setup."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.home import bp
from app.services import accounts


@bp.get("/")
def index():
    if accounts.needs_setup():
        return redirect(url_for("auth.setup"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return _home()


@login_required
def _home():
    return render_template("home/index.html")
