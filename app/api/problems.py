"""RFC 9457 problem documents (`application/problem+json`) for every /api/v1 error.

Validation errors carry `errors`, a map from field to messages, whether the request's
shape was wrong (webargs/marshmallow) or a service refused a value (DomainError).
"""

from __future__ import annotations

from apiflask import HTTPError
from flask import Response, json
from werkzeug.exceptions import HTTPException

from app.domain.errors import DomainError, InvalidPattern, NotAllowed, NotFound
from app.services.meetings import SlotTaken
from app.services.transaction import Conflict

PROBLEM_TYPE = "about:blank"
MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
DETAILS = {
    401: "Send a valid personal API token: Authorization: Bearer <token>.",
    403: "This token may only read; make a read+write token to change things.",
    404: "There is nothing here for this token.",
    429: "Too many requests with this token; wait a little and retry.",
}


def problem(
    status: int, detail: str = "", errors: dict | None = None, headers: dict | None = None
) -> Response:
    """A problem document response."""
    body: dict = {
        "type": PROBLEM_TYPE,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITLES.get(status, "Error")),
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="Teamshape API"'
    return response


def from_http_error(error: HTTPError) -> Response:
    """apiflask's errors: validation (422, with the field map) and auth (401/403)."""
    errors = _field_map(error.detail) if error.status_code == 422 else None
    detail = "Some fields are not valid; see `errors`." if errors else ""
    return problem(error.status_code, detail, errors, dict(error.headers or {}))


def _field_map(detail) -> dict[str, list[str]]:
    """webargs nests errors by location (json/query/path): flatten to field -> messages."""
    flat: dict[str, list[str]] = {}
    for location in (detail or {}).values():
        _flatten(location, "", flat)
    return flat


def _flatten(value, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        out.setdefault(prefix or "request", []).extend(value)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(inner, f"{prefix}[{index}]", out)
    else:
        out.setdefault(prefix or "request", []).append(str(value))


def from_http_exception(error: HTTPException) -> Response:
    headers = {}
    if error.code == 405:
        headers = {k: v for k, v in error.get_headers() if k == "Allow"}
    return problem(error.code or 500, headers=headers)


def from_domain_error(error: DomainError) -> Response:
    if isinstance(error, InvalidPattern):
        errors: dict[str, list[str]] = {}
        for item in error.problems:
            errors.setdefault(item.field or "request", []).append(item.message)
        return problem(422, error.reason, errors)
    if isinstance(error, SlotTaken | Conflict):
        return problem(409, error.reason)
    if isinstance(error, NotFound):
        return problem(404, error.reason)
    if isinstance(error, NotAllowed):
        return problem(403, error.reason)
    return problem(422, error.reason, {error.field or "request": [error.reason]})


def register(bp) -> None:
    """Route every error of the blueprint's views to a problem document."""
    bp.errorhandler(HTTPError)(from_http_error)
    bp.errorhandler(HTTPException)(from_http_exception)
    bp.errorhandler(DomainError)(from_domain_error)
