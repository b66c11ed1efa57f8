"""The task queue (huey) and the background work on it: refreshing live calendars and
writing booked meetings back to members' CalDAV calendars.

Storage follows TASK_QUEUE_URL: `sqlite:///path` (the default, a file in instance/,
so `teamshape demo` needs nothing else), `redis://host:port/db` in production (the
same Redis as the rate limiter), or `memory://`. With TASKS_IMMEDIATE (the testing
configuration) a queued task runs at once in the caller, inside its app context.

`teamshape worker` runs a consumer; `teamshape demo` starts one in its own process.
A task runs inside the app context of the process that consumes it (`configure`
remembers that app), and reads the clock itself: it is the edge of the system, like a
view. Every minute `refresh_due_connections` claims the connections whose next try
has come (each refreshes every CALENDAR_REFRESH_MINUTES, or backs off after errors) and
queues them in chunks of `CHUNK`: a worker refreshes a chunk in turn and saves its
successes with one commit (`calendar_refresh.refresh_many`), while several workers
still share a long pass.

Task arguments are ids only: no address, user name or password ever enters the queue.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from app import clock

huey = Huey("teamshape", immediate=True)
_bound: list[Flask] = []
CHUNK = 25
log = logging.getLogger(__name__)

_STORAGES = {"sqlite": SqliteHuey, "redis": RedisHuey, "rediss": RedisHuey, "memory": MemoryHuey}


def _storage_for(url: str) -> tuple[type, dict]:
    scheme = urlsplit(url).scheme
    kind = _STORAGES.get(scheme)
    if kind is None:
        raise RuntimeError("TASK_QUEUE_URL must start with sqlite://, redis:// or memory://")
    if kind is SqliteHuey:
        filename = url[len("sqlite:///") :]
        os.makedirs(os.path.dirname(filename) or ".", exist_ok=True)
        return kind.storage_class, {"filename": filename}
    if kind is RedisHuey:
        return kind.storage_class, {"url": url}
    return kind.storage_class, {}


def configure(app: Flask) -> None:
    """Point the queue at the app's storage (or immediate mode) and remember the app."""
    storage_class, kwargs = _storage_for(app.config["TASK_QUEUE_URL"])
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey._immediate = bool(app.config["TASKS_IMMEDIATE"])  # the setter skips unchanged values
    huey.storage = huey.create_storage()
    _bound[:] = [app]


@contextmanager
def _app_context() -> Iterator[None]:
    if has_app_context():
        yield
        return
    with _bound[0].app_context():
        yield


def _settings():
    from app.services.calendar_refresh import RefreshSettings

    return RefreshSettings.from_config(current_app.config)


@huey.task()
def refresh_connection(connection_id: int, token: str | None = None) -> None:
    """Refresh one connection now (a no-op when another worker already is); `token` is
    the periodic pass's claim, when it queued this refresh."""
    from app.services import calendar_refresh

    with _app_context():
        calendar_refresh.refresh(connection_id, clock.now(), _settings(), token)


@huey.task()
def refresh_connections(connection_ids: list[int], token: str) -> None:
    """Refresh a chunk of connections the periodic pass claimed under `token`."""
    from app.services import calendar_refresh

    with _app_context():
        calendar_refresh.refresh_many(list(connection_ids), clock.now(), _settings(), token)


@huey.periodic_task(crontab(minute="*"))
def refresh_due_connections() -> None:
    """Claim every connection whose next try has come and queue them in chunks."""
    from app.services import calendar_refresh

    with _app_context():
        token, claimed = calendar_refresh.claim_due(clock.now())
        for first in range(0, len(claimed), CHUNK):
            refresh_connections(claimed[first : first + CHUNK], token)


@huey.task(retries=3, retry_delay=60)
def write_back(connection_id: int, meeting_id: int) -> None:
    """Put, move or remove a meeting in one member's CalDAV calendar (retried 3 times)."""
    from app.services import calendar_write_back

    with _app_context():
        calendar_write_back.write(connection_id, meeting_id, clock.now(), _settings().policy)


def enqueue_refresh(connection_id: int) -> None:
    """Queue a refresh; a queue that cannot be reached is logged, never raised: the
    periodic pass picks the connection up later anyway (it is due)."""
    try:
        refresh_connection(connection_id)
    except Exception as error:  # noqa: BLE001 - the page must still answer
        log.warning(
            "could not queue refresh of connection %s: %s", connection_id, type(error).__name__
        )


def enqueue_write_back(connection_id: int, meeting_id: int) -> None:
    """Queue a write-back; failures are logged (by type only), never raised."""
    try:
        write_back(connection_id, meeting_id)
    except Exception as error:  # noqa: BLE001 - booking must never fail for this
        log.warning(
            "could not queue write-back of meeting %s to connection %s: %s",
            meeting_id,
            connection_id,
            type(error).__name__,
        )


def meetings_changed(meeting_ids: Iterable[int]) -> None:
    """Queue the write-backs of meetings just booked, moved or cancelled; never raises
    (the booking has committed, and a calendar elsewhere must never undo it)."""
    from app.services import calendar_write_back

    try:
        work = calendar_write_back.targets(meeting_ids)
    except Exception as error:  # noqa: BLE001 - booking has committed; never undo it
        log.warning("write-back targets could not be read: %s", type(error).__name__)
        return
    for connection_id, meeting_id in work:
        enqueue_write_back(connection_id, meeting_id)
