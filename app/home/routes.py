"""Home, the dashboard: my teams now and today, my next meetings, my manual's health,
and for a new hire the next step; the first visit goes to setup."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import clock
from app.home import bp
from app.services import accounts, home


@bp.get("/")
def index():
    if accounts.needs_setup():
        return redirect(url_for("auth.setup"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return _home()


@login_required
def _home():
    zone = current_user.time_zone
    board = home.dashboard(
        current_user.id,
        zone,
        clock.today_in(zone),
        clock.now(),
        current_app.config["REVIEW_NUDGE_DAYS"],
    )
    return render_template("home/index.html", board=board)
