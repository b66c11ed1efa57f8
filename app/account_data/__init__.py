"""Settings pages that give members control of their data: export, deletion, API tokens."""

from flask import Blueprint

bp = Blueprint("account_data", __name__)
