"""The author's own manual: edit, review, revisions."""

from flask import Blueprint

bp = Blueprint("manuals", __name__, url_prefix="/manual")
NAV = [("manuals.edit", "My manual")]
