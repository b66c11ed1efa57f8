"""The people directory and member profiles."""

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/people")
NAV = [("directory.index", "People")]
