"""Load benchmark: gunicorn (2 sync workers) on a seeded PostgreSQL, loaded with wrk.

Why it exists: the brief promises pages that stay fast with a real workspace behind
them. This script builds one (2,000 members by default, see `seed.py`) in a scratch
database on the local PostgreSQL server, runs `gunicorn wsgi:app` with the production
config on a free loopback port, signs in as a member, and loads each route with wrk
(16 connections, 10 s) — a plain `/healthz` first, then the directory, a profile, a
team page, the scheduler's JSON endpoint for 10 attendees and a personal feed (when the
calendars feature provides one). It prints requests per second, p50/p99 latency and
non-2xx counts per route, and each route's rate as a fraction of `/healthz` in the same
run, next to the targets. It asserts nothing about time (the figures depend on the
machine); it exits non-zero only if something could not run at all.

Run: `python benchmarks/load/run.py` (needs Debian's `wrk`, PostgreSQL on
127.0.0.1:5432; `--help` for options). The scratch database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.load.seed import PASSWORD, Seeded, seed  # noqa: E402

HERE = Path(__file__).resolve().parent
SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")

# Fraction of /healthz requests per second each route should reach (issue 7).
TARGETS = {"directory": 0.10, "profile": 0.10, "team": 0.10, "feed": 0.15, "scheduler": 0.05}


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    errors: int
    requests: int


@contextmanager
def scratch_database():
    import psycopg

    name = f"teamshape_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upgrade(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "TEAMSHAPE_ENV": "development"}
    command = [sys.executable, "-c", "from app.cli import main; main()", "db", "upgrade"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int):
    port = free_port()
    env = {
        **os.environ,
        "TEAMSHAPE_ENV": "production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "CALENDAR_SECRET_KEY": uuid.uuid4().hex * 2,
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "false",
        # One client on one address measures throughput; the per-address limits
        # (e.g. 120 suggestions a minute) would turn most requests into 429s.
        "RATELIMIT_ENABLED": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
               "wsgi:app"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering /healthz")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz in time")


def sign_in(url: str, email: str) -> str:
    """Sign in through the real form (CSRF on); return the Cookie header to replay."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    opener.open(url + "/login", data=form.encode()).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookies:
        raise SystemExit("sign-in failed: no session cookie")
    return cookies


def check_route(url: str, path: str, cookie: str) -> int:
    request = urllib.request.Request(url + path, headers={"Cookie": cookie})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def routes(seeded: Seeded) -> list[tuple[str, str]]:
    today = datetime.now(UTC).date()
    query = urllib.parse.urlencode(
        {
            "required_people": list(seeded.attendee_ids),
            "duration": 30,
            "window_start": (today + timedelta(days=1)).isoformat(),
            "window_end": (today + timedelta(days=14)).isoformat(),
            "meeting_type": "status",
            "notice": 240,
        },
        doseq=True,
    )
    return [
        ("healthz", "/healthz"),
        ("directory", "/people"),
        ("profile", f"/people/{seeded.teammate_id}"),
        ("team", f"/teams/{seeded.team_id}"),
        ("scheduler", f"/api/suggestions?{query}"),
    ]


def feed_route(database_url: str, seeded: Seeded) -> tuple[str, str] | None:
    """The viewer's personal feed (a secret token URL), when the calendars feature exists."""
    from app import create_app
    from config import TestingConfig

    class FeedConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(FeedConfig)
    if "calendars.personal_feed" not in app.view_functions:
        return None
    from app.extensions import db
    from app.services import feeds

    with app.app_context():
        token = feeds.turn_on_personal(seeded.viewer_id, datetime.now(UTC))
        db.engine.dispose()
    return ("feed", f"/feeds/{token}.ics")


def wrk(url: str, name: str, path: str, cookie: str, connections: int, seconds: int) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "report.lua"), "-H", f"Cookie: {cookie}", url + path]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRK_RESULT"))
    v = {k: int(n) for k, n in re.findall(r"(\w+)=(\d+)", line)}
    errors = v["connect"] + v["read"] + v["write"] + v["timeout"]
    rps = v["requests"] / (v["duration_us"] / 1e6)
    return Result(name, path, rps, v["p50_us"] / 1000, v["p99_us"] / 1000, v["non2xx"], errors,
                  v["requests"])  # fmt: skip


def verdict(result: Result, healthz: Result) -> tuple[str, bool]:
    fraction = result.rps / healthz.rps
    target = TARGETS.get(result.name)
    goals = [result.non2xx == 0, result.errors == 0, result.p99_ms <= 3 * result.p50_ms]
    if target is not None:
        goals.append(fraction >= target)
    target_text = f">= {target:.2f}" if target is not None else "   -   "
    return f"{fraction:6.3f} ({target_text})", all(goals)


def report(results: list[Result], missing: list[str]) -> None:
    healthz = results[0]
    print()
    print(f"{'route':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>8} "
          f"{'non2xx':>7} {'errors':>7}  {'of /healthz (target)':<22} met")  # fmt: skip
    for r in results:
        fraction, met = verdict(r, healthz)
        ratio = r.p99_ms / r.p50_ms if r.p50_ms else float("inf")
        print(f"{r.name:<10} {r.rps:8.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {ratio:8.2f} "
              f"{r.non2xx:7d} {r.errors:7d}  {fraction:<22} {'yes' if met else 'NO'}")  # fmt: skip
    for name in missing:
        print(f"{name}: not available yet")
    print("\ntargets: zero non-2xx and zero errors; directory, profile, team >= 0.10 of "
          "/healthz; feed >= 0.15; scheduler >= 0.05; p99 <= 3 x p50 on every route")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="route names to load (healthz always runs)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    with scratch_database() as database_url:
        upgrade(database_url)
        started = time.monotonic()
        seeded = seed(database_url, args.members)
        print(f"seeded {args.members} members in {time.monotonic() - started:.1f}s; "
              f"team {seeded.team_id} has {seeded.team_size} people")  # fmt: skip
        plan, missing = routes(seeded), []
        feed = feed_route(database_url, seeded)
        plan.append(feed) if feed else missing.append("feed")
        if args.only:
            plan = [p for p in plan if p[0] == "healthz" or p[0] in args.only]
        with gunicorn(database_url, args.workers) as url:
            cookie = sign_in(url, seeded.viewer_email)
            results = []
            for name, path in plan:
                for _ in range(3):  # warm up each worker; every route must answer 200
                    status = check_route(url, path, cookie)
                if status != 200:
                    raise SystemExit(f"{name} {path} answered {status}, not 200")
                results.append(wrk(url, name, path, cookie, args.connections, args.seconds))
                print(f"{name}: {results[-1].requests} requests", flush=True)
        report(results, missing)


if __name__ == "__main__":
    main()
