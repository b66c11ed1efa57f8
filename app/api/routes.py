"""The /api/v1 blueprint with every endpoint attached (imported for their routes)."""

from app.api import me, meetings, members  # noqa: F401 - they add their routes to bp
from app.api.blueprint import bp

__all__ = ["bp"]
