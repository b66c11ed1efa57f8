"""Signing in and out, first-run setup, and a member's own account settings."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
