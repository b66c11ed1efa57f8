"""Calendars: feed settings, secret feed URLs, meeting invitations and busy-time import."""

from flask import Blueprint

bp = Blueprint("calendars", __name__)
NAV = [("calendars.settings", "Calendar")]
