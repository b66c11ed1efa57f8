"""Erase rows and everything that hangs off them, found from the schema, not listed by hand.

`erase(table, condition)` walks every foreign key that points at `table` (in
`db.metadata`, so a table added later is covered without touching this file): a key
declared `ON DELETE SET NULL` is set to NULL in the referring rows, any other key has
its referring rows erased the same way, recursively; then the rows themselves go. It
does on both databases what the foreign keys' ON DELETE rules say (SQLite does not
enforce them unless told to, so the app cannot lean on them), inside the caller's
transaction.

`forget_cached()` empties this process's in-process caches after such an erasure, so no
value worked out from the erased rows lingers in memory.
"""

from __future__ import annotations

import functools
import sys

from flask import current_app
from sqlalchemy import ColumnElement, Table, delete, select, update

from app.extensions import db

MAX_DEPTH = 8


def erase(table: Table, condition: ColumnElement[bool], depth: int = 0) -> None:
    """Delete `table`'s rows matching `condition` and, first, whatever refers to them."""
    if depth > MAX_DEPTH:
        raise RuntimeError(f"foreign keys nest deeper than {MAX_DEPTH} below {table.name}")
    for child, key in _keys_pointing_at(table):
        chosen = select(key.column).where(condition).scalar_subquery()
        if (key.ondelete or "").upper() == "SET NULL":
            db.session.execute(
                update(child).where(key.parent.in_(chosen)).values({key.parent.name: None})
            )
        else:
            erase(child, key.parent.in_(chosen), depth + 1)
    db.session.execute(delete(table).where(condition))


def _keys_pointing_at(table: Table):
    for child in reversed(db.metadata.sorted_tables):
        for key in child.foreign_keys:
            if key.column.table is table and child is not table:
                yield child, key


def forget_cached() -> None:
    """Empty every in-process cache of the app (this process only).

    What counts as a cache: a module-level `functools.lru_cache` function of an `app`
    module, a module-level object with a `forget_all()` method (`KeptByVersion`), a
    module-level dict `_NAME` bounded by a `_NAME_SIZE` int next to it, and the
    template helpers with `forget_all()` (rendered partials), and the session interface's
    verified cookies.
    """
    for module in [m for name, m in list(sys.modules.items()) if name.startswith("app.")]:
        for name, value in list(vars(module).items()):
            _forget(module, name, value)
    for value in current_app.jinja_env.globals.values():
        if _has_forget_all(value):
            value.forget_all()
    if _has_forget_all(current_app.session_interface):
        current_app.session_interface.forget_all()  # verified session cookies


def _forget(module, name: str, value) -> None:
    if isinstance(value, functools._lru_cache_wrapper) and _ours(value):
        value.cache_clear()
    elif _has_forget_all(value):
        value.forget_all()
    elif isinstance(value, dict) and isinstance(getattr(module, f"{name}_SIZE", None), int):
        value.clear()


def _has_forget_all(value) -> bool:
    """An instance whose class defines `forget_all` (not a class, not a dynamic proxy)."""
    return not isinstance(value, type) and callable(getattr(type(value), "forget_all", None))


def _ours(function) -> bool:
    return (getattr(function, "__module__", "") or "").startswith("app.")
