"""/api/v1/docs: the API's operations as a plain HTML page (no JavaScript, no CDN).

Built from the same OpenAPI document APIFlask serves at /api/v1/openapi.json, so the
page and the document never disagree.
"""

from __future__ import annotations

from flask import current_app, render_template

from app.api_docs import bp

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(content: dict | None) -> str:
    for media in (content or {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1]
    return ""


def operations(spec: dict) -> list[dict]:
    """Every operation as a row: method, path, summary, scope, body and responses."""
    rows = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            writes = 403 in operation.get("responses", {}) or "403" in operation.get(
                "responses", {}
            )
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "scope": "read+write" if writes else "read",
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                    "body": _schema_name(operation.get("requestBody", {}).get("content")),
                    "responses": sorted(str(code) for code in operation.get("responses", {})),
                }
            )
    return rows


@bp.get("/api/v1/docs")
def docs():
    spec = current_app._get_spec("json")
    return render_template(
        "api_docs/docs.html",
        spec=spec,
        operations=operations(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
    )
