"""A loopback HTTP server that plays a calendar host, and calendars to serve from it.

`CalendarHost` serves whatever a test sets for a path: an .ics with an ETag (and 304
for a matching If-None-Match), an error status, a slow answer, a huge body, an HTML
page, or a redirect. It counts requests, so a test can prove one was (or was not)
made.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.services.calendar_refresh import RefreshSettings
from app.services.safe_fetch import FetchPolicy


@dataclass
class Answer:
    """What the host answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"
    delay: float = 0.0
    location: str | None = None
    etag: bool = True


@dataclass
class CalendarHost:
    """The server's state: answers by path and the requests it got."""

    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes, **kwargs) -> str:
        self.answers[path] = Answer(body, **kwargs)
        return self.url(path)


def _handler(host: CalendarHost):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            host.requests.append((self.path, dict(self.headers)))
            answer = host.answers.get(self.path, Answer(b"not here", status=404))
            if answer.delay:
                time.sleep(answer.delay)
            etag = f'"{hashlib.sha256(answer.body).hexdigest()[:16]}"'
            if answer.etag and answer.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(answer.status)
            if answer.location:
                self.send_header("Location", answer.location)
            if answer.etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            try:
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class RunningHost:
    """Context manager: a `CalendarHost` served on 127.0.0.1 in a thread."""

    def __init__(self) -> None:
        self.host = CalendarHost()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.host))
        self.server.daemon_threads = True
        self.host.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CalendarHost:
        self.thread.start()
        return self.host

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def weekly_ics(
    first: datetime,
    *,
    weeks: int = 4,
    uid: str = "standup@example",
    title: str = "Standup",
    minutes: int = 60,
    exceptions: tuple[datetime, ...] = (),
) -> bytes:
    """A weekly event from `first` (UTC) for `weeks`, optionally with cancelled dates."""
    stamp = first.strftime("%Y%m%dT%H%M%SZ")
    end = (first + timedelta(minutes=minutes)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tests//live//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{stamp}",
        f"DTEND:{end}",
        f"SUMMARY:{title}",
        f"RRULE:FREQ=WEEKLY;COUNT={weeks}",
    ]
    lines += [f"EXDATE:{e.strftime('%Y%m%dT%H%M%SZ')}" for e in exceptions]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode()


def single_ics(
    start: datetime, end: datetime, title: str = "Dentist", uid: str = "one@example"
) -> bytes:
    fmt = "%Y%m%dT%H%M%SZ"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//live//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:{start.strftime(fmt)}\r\nDTSTART:{start.strftime(fmt)}\r\n"
        f"DTEND:{end.strftime(fmt)}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def settings(
    *, allow_loopback: bool = True, timeout: float = 2.0, max_bytes: int = 2 * 1024 * 1024
):
    """Refresh settings for tests: short timeouts, 15-minute period, 6-hour cap."""
    return RefreshSettings(
        FetchPolicy(allow_loopback=allow_loopback, timeout=timeout, max_bytes=max_bytes),
        timedelta(minutes=15),
        timedelta(hours=6),
        8,
    )


class WorkerProcess:
    """`teamshape worker` as a real process on the given database and queue."""

    def __init__(self, database_url: str, queue_url: str, log_path) -> None:
        import os
        import subprocess
        import sys
        from pathlib import Path

        env = {
            **os.environ,
            "TEAMSHAPE_ENV": "development",
            "SECRET_KEY": "testing-secret-key",  # the testing key: same derived calendar key
            "DATABASE_URL": database_url,
            "TASK_QUEUE_URL": queue_url,
            "TASKS_IMMEDIATE": "false",
            "CALENDAR_ALLOW_LOOPBACK": "true",
            "CALENDAR_FETCH_TIMEOUT": "2",
        }
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own console script
            [str(Path(sys.executable).with_name("teamshape")), "worker", "--workers", "1"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.log_path = log_path

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as written:
            return written.read()

    def stop(self) -> None:
        import os
        import signal
        import subprocess

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def wait_until(check, timeout: float = 30.0, interval: float = 0.2):
    """Poll `check()` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError("the worker did not do it in time")
