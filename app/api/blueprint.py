"""The /api/v1 blueprint: token auth on every view, problem documents, a per-token limit.

Session cookies are never read (views use the token holder only) and the blueprint is
exempt from CSRF: a browser cannot send a bearer token by itself, so a cross-site form
has nothing to ride on. The spec processor makes every documented error response a
problem document (`application/problem+json`).
"""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import current_app

from app.api import problems
from app.api.auth import rate_limit_key
from app.extensions import csrf, limiter

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="Teamshape API v1")
problems.register(bp)
csrf.exempt(bp)
limiter.limit(
    lambda: current_app.config["API_RATE_LIMIT"],
    key_func=rate_limit_key,
    error_message="Too many requests with this token.",
)(bp)

MAX_ID = 2**31 - 1
READ_ERRORS = [401, 404, 422, 429]
WRITE_ERRORS = [401, 403, 404, 409, 422, 429]
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Field name -> messages (validation errors only).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def problem_responses(spec: dict) -> dict:
    """Every 4xx/5xx response of /api/v1 is an RFC 9457 problem document."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in spec.get("paths", {}).values():
        for parameter in operations.get("parameters", []):
            _id_parameter(parameter)
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                _id_parameter(parameter)
            for code, response in operation.get("responses", {}).items():
                if str(code)[0] in "45":
                    response["content"] = problem
    spec.get("components", {}).get("schemas", {}).pop("HTTPError", None)
    spec.get("components", {}).get("schemas", {}).pop("ValidationError", None)
    return spec


def _id_parameter(parameter: dict) -> None:
    """Our ids in paths are `<id:...>` routes (1..2^31-1); say so (APIFlask writes string)."""
    if parameter.get("in") == "path" and parameter.get("name", "").endswith("_id"):
        parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@bp.record_once
def _register_spec_processor(state) -> None:
    state.app.spec_processor(problem_responses)
