"""The signed-in home page."""

from flask import Blueprint

bp = Blueprint("home", __name__)
