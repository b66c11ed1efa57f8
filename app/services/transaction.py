"""One transaction per use case: commit on success, roll back on any error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from app.domain.errors import DomainError
from app.extensions import db


class Conflict(DomainError):
    """The write clashed with existing data (a duplicate, a concurrent change)."""


@contextmanager
def unit_of_work(conflict_field: str = "", conflict_reason: str = "") -> Iterator[None]:
    """Commit the block's writes as one transaction.

    An IntegrityError becomes `Conflict(conflict_field, conflict_reason)` when a reason
    is given, so a uniqueness race reads like the pre-check that it slipped past.
    """
    try:
        yield
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if conflict_reason:
            raise Conflict(conflict_field, conflict_reason) from error
        raise
    except BaseException:
        db.session.rollback()
        raise
