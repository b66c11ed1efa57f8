"""A readable page about the API, rendered on the server from the OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api_docs", __name__)
