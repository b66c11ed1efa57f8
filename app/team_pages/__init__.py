"""Team pages: who is in a team, whose working day it is, and when the team overlaps."""

from flask import Blueprint

bp = Blueprint("team_pages", __name__, url_prefix="/teams")
NAV = [("team_pages.index", "Teams")]
