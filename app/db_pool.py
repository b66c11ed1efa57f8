"""Dead pooled connections are found by a ping, but only after the connection sat idle.

`pool_pre_ping` pings the server on every checkout: one extra round trip for every
request that touches the database, even when the connection was returned a millisecond
ago by the request before. A connection dies when it sits unused (the server restarted,
a proxy or firewall dropped it, an idle timeout ended it), so here a connection is
pinged at checkout only when it was idle for more than `IDLE_PING_SECONDS`. A ping that
fails raises `InvalidatePoolError`, which makes the pool throw every connection away and
check out a fresh one (SQLAlchemy's documented "pessimistic disconnect handling" with a
checkout event): a request after a database restart still gets a live connection.
A connection that dies while busy fails that request, as it did with `pool_pre_ping`.
"""

from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

IDLE_PING_SECONDS = 1.0
CHECKED_IN_AT = "teamshape_checked_in_at"


def ping_when_idle(engine: Engine, idle_seconds: float = IDLE_PING_SECONDS) -> None:
    """Ping `engine`'s pooled connections at checkout after `idle_seconds` unused."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def note_checkin(dbapi_connection, connection_record) -> None:
        connection_record.info[CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:
        checked_in_at = connection_record.info.get(CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at <= idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # Like pool_pre_ping: one dead connection means the server went away, so the
            # whole pool is recycled rather than failing one request per pooled connection.
            raise exc.InvalidatePoolError("idle connection failed its ping") from error
