"""The search documents' one writer: rebuilt from the sections whenever they change.

The documents are derived data, so they are rewritten from the stored sections rather
than patched: whatever wrote the sections, the documents then say the same. This runs
inside the caller's transaction (no commit), so sections and documents change together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from app.domain.search import search_documents
from app.extensions import db
from app.models import ManualSection, SearchDocument


def rebuild_search_documents(member_ids: Iterable[int]) -> None:
    """Replace the search documents of `member_ids` with ones built from their sections."""
    ids = sorted(set(member_ids))
    if not ids:
        return
    sections = db.session.execute(
        select(ManualSection.member_id, ManualSection.visibility, ManualSection.body)
        .where(ManualSection.member_id.in_(ids))
        .order_by(ManualSection.member_id, ManualSection.id)
    )
    documents = search_documents(sections)
    db.session.execute(delete(SearchDocument).where(SearchDocument.member_id.in_(ids)))
    if documents:
        db.session.execute(
            insert(SearchDocument),
            [
                {"member_id": member_id, "visibility": visibility, "terms": terms}
                for (member_id, visibility), terms in documents.items()
            ],
        )
