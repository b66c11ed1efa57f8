"""The versioned JSON API under /api/v1, for tools that act for one member.

Authenticated by personal API tokens only (`Authorization: Bearer ts_...`): session
cookies are never read here, so there is no CSRF surface and the blueprint is exempt.
A token sees exactly what its owner sees on the pages, because every endpoint calls the
same services with the owner's id. Errors are RFC 9457 problem documents. APIFlask
generates the OpenAPI 3.1 document (`/api/v1/openapi.json`) from the code.
"""

from app.api.blueprint import bp

__all__ = ["bp"]
