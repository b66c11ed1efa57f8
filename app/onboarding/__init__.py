"""Onboarding: invites for new hires, and their first weeks in Teamshape."""

from flask import Blueprint

bp = Blueprint("onboarding", __name__)
ADMIN_NAV = [("onboarding.invite_list", "Invites"), ("onboarding.progress", "Onboarding")]
