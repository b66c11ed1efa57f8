"""Names close to a mistyped search word, for the directory's typo tolerance.

Every active member's name words are read once per data version (one query, then kept
until the next write) into a `domain.matches.NameIndex`; a search asks it which members
have a name word a few edits from each query word, and the directory's SQL lets those
members match that word (`sql.Shape` stays the same, the ids are a parameter).
"""

from __future__ import annotations

from sqlalchemy import select

from app.domain.matches import NameIndex, allowed_edits, close_names, name_index
from app.extensions import db
from app.models import Member
from app.services import data_version

_INDEX: data_version.KeptByVersion[NameIndex] = data_version.KeptByVersion(1)


def names() -> NameIndex:
    """The name index of this data version (read on its first use after a write)."""
    return _INDEX.get(db.session, "names", _read_names)


def _read_names() -> NameIndex:
    rows = db.session.execute(
        select(Member.id, Member.display_name).where(Member.active.is_(True))
    ).all()
    return name_index((row.id, row.display_name) for row in rows)


def near_params(words: list[str]) -> dict[str, list[int]]:
    """{"near_<n>": ids of members whose name is close to word n}; the index is read
    only when some word is long enough to be matched loosely."""
    if not any(allowed_edits(word) for word in words):
        return {}
    index = names()
    return {f"near_{n}": list(close_names(index, word)) for n, word in enumerate(words)}
