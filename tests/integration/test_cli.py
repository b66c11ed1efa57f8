"""The `teamshape` console script: the README's first command really seeds and serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from app.cli import create_admin_command
from app.services import accounts

SCRIPT = Path(sys.executable).with_name("teamshape")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 180) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_demo_command_seeds_prints_logins_and_serves(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
        "TASK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite'}",
        "TEAMSHAPE_ENV": "development",
    }
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [str(SCRIPT), "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert b"ok" in _wait_for(f"http://127.0.0.1:{port}/healthz")
        login = _wait_for(f"http://127.0.0.1:{port}/login").decode()
        assert "Sign in" in login
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=20)[0]
    assert "amara@demo.teamshape.test" in output
    assert "teamshape-demo" in output
    assert "zoe@demo.teamshape.test" in output and "new hire" in output
    assert f"http://127.0.0.1:{port}" in output
    assert "Background worker started" in output  # live calendars refresh in the demo


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        create_admin_command,
        [
            "--email",
            "Root@Example.test",
            "--name",
            "Root",
            "--time-zone",
            "Asia/Tokyo",
            "--password",
            "long enough secret",
        ],
    )
    assert result.exit_code == 0, result.output
    admin = accounts.authenticate("root@example.test", "long enough secret")
    assert admin is not None and admin.is_admin and admin.time_zone == "Asia/Tokyo"
    refused = runner.invoke(
        create_admin_command,
        ["--email", "root@example.test", "--name", "Again", "--password", "long enough secret"],
    )
    assert refused.exit_code != 0 and "already has an account" in refused.output
