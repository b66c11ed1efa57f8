"""Health endpoints for load balancers: the process is up; the database answers."""

from flask import Blueprint

bp = Blueprint("health", __name__)
