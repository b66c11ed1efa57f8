"""The scheduler: find a time that respects everyone's working style, book it, move it."""

from flask import Blueprint

bp = Blueprint("scheduler", __name__)
NAV = [("scheduler.find", "Find a time"), ("scheduler.my_meetings", "Meetings")]
