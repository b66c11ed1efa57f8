"""SQLAlchemy models, one module per aggregate; no business rules live here.

Importing this package registers every model on the metadata (Alembic needs that).
"""

from app.models.member import Member
from app.models.team import Membership, Team

__all__ = ["Member", "Membership", "Team"]
