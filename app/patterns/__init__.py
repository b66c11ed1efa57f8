"""The author's weekly pattern: working hours, energy, focus, routines; edited on a grid."""

from flask import Blueprint

bp = Blueprint("patterns", __name__, url_prefix="/manual/pattern")
NAV = [("patterns.edit", "My week")]
