"""A real CalDAV server (Radicale) for the session, and a caldav client logged in to it.

Radicale runs as a subprocess on a free loopback port, with auth type `none` (any
user name is accepted) and storage in a temporary folder, so nothing outlives the run.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import caldav
import pytest

START_TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(folder: Path, port: int) -> Path:
    config = folder / "radicale.conf"
    config.write_text(
        "\n".join(
            [
                "[server]",
                f"hosts = 127.0.0.1:{port}",
                "[auth]",
                "type = none",
                "[rights]",
                "type = owner_only",
                "[storage]",
                f"filesystem_folder = {folder / 'collections'}",
                "[web]",
                "type = none",
                "[logging]",
                "level = warning",
                "",
            ]
        )
    )
    return config


def wait_until_answering(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Radicale exited early with code {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Radicale did not answer in time")


@pytest.fixture(scope="session")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    config = write_config(folder, port)
    log = (folder / "radicale.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_answering(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def principal(radicale_url: str):
    client = caldav.DAVClient(url=radicale_url, username="tester", password="unused")
    return client.principal()


@pytest.fixture
def fresh_calendar(principal):
    """A new, empty calendar collection for one test."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    return principal.make_calendar(name=name, cal_id=name)
