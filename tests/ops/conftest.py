"""Operations tests run the app the way production does: real PostgreSQL, real gunicorn.

Helpers here start and stop real processes and always clean up after themselves:

- `PostgresCluster`: a throwaway cluster made with `initdb`/`pg_ctl` in a temporary folder
  on its own free loopback port (never the shared server on 5432), so a test may stop
  and start it at will;
- `scratch_database`: a fresh database on the shared server (127.0.0.1:5432), dropped
  afterwards, for tests that only need a database of their own;
- `Gunicorn`: `python -m gunicorn wsgi:app` in its own process group on a free port,
  ready once `/healthz` answers, killed (group and all) at the end;
- `WebClient`: a tiny stdlib HTTP client with a cookie jar that never follows redirects
  and reads `csrf_token` from forms, so tests see exactly what each instance answered.

A missing tool (initdb, gunicorn, PostgreSQL, Redis) fails the test: CI has them all.
"""

from __future__ import annotations

import glob
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED_PG = os.environ.get("OPS_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SHARED_REDIS = os.environ.get("OPS_REDIS_URL", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_tool(name: str) -> str:
    """Absolute path of a PostgreSQL server program; fails the test when it is missing."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found (install Debian's postgresql package)")
    return found


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary folder; `stop()`/`start()` at will.

    PostgreSQL refuses to run as root, so as root the server programs run as the
    `postgres` system user (through `runuser`), owning the temporary folder.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="teamshape-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self._as_other_user = os.geteuid() == 0
        if self._as_other_user:
            shutil.chown(self.base, "postgres", "postgres")
        self._run(postgres_tool("initdb"), "-D", str(self.data), "-U", "postgres",
                  "-A", "trust", "--no-sync", "-E", "UTF8")  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        if self._as_other_user:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{command} failed:\n{result.stdout}{result.stderr}\n{log}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(postgres_tool("pg_ctl"), "start", "-w", "-t", "60", "-D", str(self.data),
                  "-l", str(self.log), "-o", options)  # fmt: skip

    def stop(self) -> None:
        self._run(postgres_tool("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data))

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop()
            except RuntimeError:
                pass
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def _admin_connection():
    import psycopg

    try:
        return psycopg.connect(SHARED_PG, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {SHARED_PG}: {error}")


@pytest.fixture(scope="module")
def scratch_database() -> Iterator[str]:
    """A fresh database on the shared server, as a SQLAlchemy URL; dropped afterwards."""
    name = f"teamshape_ops_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    server = SHARED_PG.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{server}/{name}"
    finally:
        with _admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A Redis database number that was empty, for this test only; emptied afterwards."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{SHARED_REDIS}/{number}")
        try:
            if client.dbsize() == 0:
                break
        except redis.ConnectionError as error:
            pytest.fail(f"Redis is not reachable at {SHARED_REDIS}: {error}")
    else:
        pytest.fail("no empty Redis database number left for this test")
    client.set("teamshape-ops-test", "1")  # claim it
    try:
        yield f"{SHARED_REDIS}/{number}"
    finally:
        client.flushdb()
        client.close()


def upgrade_schema(database_url: str) -> None:
    """Apply the migrations as an operator would: `teamshape db upgrade`."""
    env = {**os.environ, "DATABASE_URL": database_url, "TEAMSHAPE_ENV": "development"}
    command = [sys.executable, "-c", "from app.cli import main; main()", "db", "upgrade"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Gunicorn:
    """One gunicorn instance of `wsgi:app` on a free loopback port, in its own group."""

    def __init__(self, env: dict[str, str], workers: int = 2, name: str = "app") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix=f"gunicorn-{name}-", suffix=".log")[1])
        command = [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
            "--graceful-timeout", "5", "wsgi:app",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited early:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"gunicorn did not answer /healthz in {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.unlink(missing_ok=True)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path

    def csrf_token(self) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.body) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', self.body
        )
        assert found, f"no csrf_token in the page (status {self.status})"
        return found.group(1)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class WebClient:
    """A browser-like client: one cookie jar, any base URL, no automatic redirects."""

    def __init__(self, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def request(self, url: str, data: dict | list | None = None, timeout: float = 30) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 - loopback only
        try:
            with self._opener.open(request, timeout=timeout) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        lowered = {key.lower(): value for key, value in headers.items()}
        return Reply(status, lowered, raw.decode("utf-8", "replace"))

    def get(self, url: str) -> Reply:
        return self.request(url)

    def post(self, url: str, data: dict | list) -> Reply:
        return self.request(url, data)
