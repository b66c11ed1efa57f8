"""Read-only team pages for every signed-in member: the list of teams and one team.

A team page shows each member's local time and status now (a private routine reads
"Unavailable" to everyone but its owner) and the week's overlap heatmap in the
viewer's own zone, with the team's core overlap hours; and who joined or left the team
and who did it (an admin who adds herself to read its "my teams" sections does so in
plain sight).
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from app import clock
from app.presentation.charts.heatmap import heatmap
from app.services import charts, team_page
from app.team_pages import bp


@bp.get("")
@login_required
def index():
    return render_template("team_pages/index.html", teams=charts.list_teams())


@bp.get("/<id:team_id>")
@login_required
def show(team_id: int):
    page = team_page.team_page(team_id, current_user.id, current_user.time_zone, clock.now())
    return render_template(
        "team_pages/show.html",
        overview=page.overview,
        heatmap=heatmap(page.overview.week),
        membership_changes=page.membership_changes,
    )
