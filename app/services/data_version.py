"""Raising the data version on every writing commit, and reading it.

Rather than ask every writer to remember the counter, the session does it: a flush
that changes rows, or an INSERT / UPDATE / DELETE statement run through the session,
marks the transaction as writing, and its commit raises the counter in the same
transaction. A write that forgot nothing cannot be missed; a read-only request costs
nothing. Writes made outside the session (migrations, raw connections) do not count,
and nothing in the app makes them. Nor does it use savepoints: a rolled-back savepoint
would drop the "wrote" mark of the writes before it.

`KeptByVersion` is the cache that goes with it: values kept for one version at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from app.models.data_version import ROW_ID, DataVersion, first_version

_WROTE = "teamshape_wrote"
_SEEN = "teamshape_data_version"
_PRIVATE = "teamshape_writes_no_cache_reads"
_VALUE = select(DataVersion.value).where(DataVersion.id == ROW_ID)


def current(session: Session) -> int:
    """The version this transaction sees (0 in a database without its row).

    Read once per transaction: a request that already has it (`remember`, e.g. with
    the signed-in member's row) asks the database nothing.
    """
    if _SEEN not in session.info:
        remember(session, session.scalar(_VALUE))
    return session.info[_SEEN]


def as_column():
    """The version as a scalar subquery, to read it alongside another query's rows."""
    return _VALUE.scalar_subquery()


def remember(session: Session, version: int | None) -> None:
    """Note the version read in this transaction (forgotten when it ends)."""
    session.info[_SEEN] = version or 0


def _note_flush(session: Session, _context, _instances) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        session.info[_WROTE] = True


def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def writes_nothing_cached(session: Session) -> None:
    """Say that this transaction writes only rows no `KeptByVersion` cache is built from
    (e.g. a live calendar's refresh bookkeeping and busy time), so its commit leaves the
    version alone: background refreshes every few minutes would otherwise empty the
    directory's caches and queue on the one version row."""
    session.info[_PRIVATE] = True


def _raise_on_commit(session: Session) -> None:
    session.flush()  # pending changes count too
    if session.info.pop(_PRIVATE, False):
        session.info.pop(_WROTE, None)
        return
    if not session.info.pop(_WROTE, False):
        return
    raised = session.execute(
        update(DataVersion).where(DataVersion.id == ROW_ID).values(value=DataVersion.value + 1)
    )
    if raised.rowcount == 0:  # a test database emptied row by row: start the count again
        session.execute(insert(DataVersion).values(id=ROW_ID, value=first_version()))
    session.info.pop(_WROTE, None)


def _forget(session: Session, *_args) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_PRIVATE, None)
    session.info.pop(_SEEN, None)


def track_writes(session_class: type[Session]) -> None:
    """Install the hooks on `session_class` (once, however many apps are created)."""
    hooks = (
        ("before_flush", _note_flush),
        ("do_orm_execute", _note_statement),
        ("before_commit", _raise_on_commit),
        ("after_commit", _forget),
        ("after_rollback", _forget),
    )
    for name, hook in hooks:
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


V = TypeVar("V")


class KeptByVersion(Generic[V]):
    """Values worked out from the database, kept while the data version stays the same.

    Only one version's values are kept: a newer version makes the older ones garbage,
    since no request asks for them again once it has read the newer version.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._version: int | None = None
        self._values: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def forget_all(self) -> None:
        """Drop every kept value (after erasing a member: nothing of theirs stays)."""
        with self._lock:
            self._values.clear()
            self._version = None

    def get(self, session: Session, key: Hashable, work_out: Callable[[], V]) -> V:
        """The value for `key` in the session's version, worked out on a miss."""
        version = current(session)
        with self._lock:
            if version == self._version and key in self._values:
                return self._values[key]
        value = work_out()
        with self._lock:
            if version != self._version or len(self._values) >= self._size:
                self._values.clear()
                self._version = version
            self._values[key] = value
        return value
