"""Load benchmark: gunicorn (2 sync workers) on a seeded PostgreSQL, loaded with wrk.

Why it exists: the brief promises pages that stay fast with a real workspace behind
them. This script builds one (2,000 members by default, see `seed.py`) in a scratch
database on the local PostgreSQL server, runs `gunicorn wsgi:app` with the production
config on a free loopback port, signs in as a member, and loads each route with wrk
(16 connections, 10 s) — a plain `/healthz` first, then the directory, a profile, a
team page, the scheduler's JSON endpoint for 10 attendees and the personal and team
feeds. Then the ceiling: a bare Flask "hello" app (`hello.py`) under the same gunicorn
settings, loaded the same way. It prints per route: requests per second, the rate as a
fraction of `/healthz` and of the ceiling in the same run, p50/p99 latency, non-2xx and
socket errors, and the SQL statements one request runs (`statements.py`), next to the
targets of issue 14. It asserts nothing about time (the figures depend on the
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
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.load.seed import PASSWORD, Seeded, seed  # noqa: E402
from benchmarks.load.statements import statements_per_request  # noqa: E402

HERE = Path(__file__).resolve().parent
SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")

# Fraction of the ceiling's (bare Flask) requests per second each route should reach
# (issue 14); the ceiling's own row is the yardstick.
TARGETS = {"healthz": 0.8, "directory": 0.15, "profile": 0.15, "team": 0.15, "scheduler": 0.10,
           "feed": 0.20, "team feed": 0.20}  # fmt: skip
CEILING_APP = "benchmarks.load.hello:app"
# One User-Agent for the sign-in, the warm-up requests and wrk. Flask-Login's session
# protection ("basic") ties a session to the browser's address and User-Agent: wrk sends
# none, so with the sign-in's agent every page load marked the replayed session "not
# fresh" and re-signed the cookie, a cost no real browser pays (it keeps the new cookie).
USER_AGENT = "teamshape-load-benchmark/1"


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
    statements: float | None = None
    cpu_us: float | None = None  # the server's CPU time (all its processes) per request


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


# Base URL -> process group of the gunicorn serving it, to read the server's CPU time.
SERVER_GROUPS: dict[str, int] = {}
TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in a process group (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


@contextmanager
def gunicorn(database_url: str, workers: int, app: str = "wsgi:app", probe: str = "/healthz"):
    """`app` served by gunicorn with the benchmark's settings; yields its base URL."""
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
               app]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    SERVER_GROUPS[url] = process.pid  # its own session: the group id is its pid
    try:
        wait_ready(url, process, probe)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def wait_ready(url: str, process: subprocess.Popen, probe: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited before answering {probe}")
        try:
            with urllib.request.urlopen(url + probe, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer {probe} in time")


def sign_in(url: str, email: str) -> str:
    """Sign in through the real form (CSRF on); return the Cookie header to replay."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(url + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    opener.open(url + "/login", data=form.encode()).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookies:
        raise SystemExit("sign-in failed: no session cookie")
    return cookies


def check_route(url: str, path: str, cookie: str) -> tuple[int, bool]:
    """The status of one request as wrk will send it, and whether it set a cookie."""
    headers = {"Cookie": cookie, "User-Agent": USER_AGENT}
    request = urllib.request.Request(url + path, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, "Set-Cookie" in response.headers
    except urllib.error.HTTPError as error:
        return error.code, "Set-Cookie" in error.headers


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


def feed_routes(database_url: str, seeded: Seeded) -> list[tuple[str, str]]:
    """The viewer's personal feed and their team's feed (secret token URLs)."""
    from app import create_app
    from app.extensions import db
    from app.models import Member
    from app.services import feeds
    from config import TestingConfig

    class FeedConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(FeedConfig)
    now = datetime.now(UTC)
    with app.app_context():
        personal = feeds.turn_on_personal(seeded.viewer_id, now)
        zone = db.session.get(Member, seeded.viewer_id).time_zone
        team = feeds.turn_on_team(seeded.viewer_id, seeded.team_id, zone, now)
        db.engine.dispose()
    return [("feed", f"/feeds/{personal}.ics"), ("team feed", f"/feeds/team/{team}.ics")]


def wrk(url: str, name: str, path: str, cookie: str, connections: int, seconds: int) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "report.lua"), "-H", f"Cookie: {cookie}",
               "-H", f"User-Agent: {USER_AGENT}", url + path]  # fmt: skip
    group = SERVER_GROUPS.get(url)
    cpu_before = group_cpu_seconds(group) if group else 0.0
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = group_cpu_seconds(group) - cpu_before if group else None
    line = next(x for x in output.splitlines() if x.startswith("WRK_RESULT"))
    v = {k: int(n) for k, n in re.findall(r"(\w+)=(\d+)", line)}
    errors = v["connect"] + v["read"] + v["write"] + v["timeout"]
    rps = v["requests"] / (v["duration_us"] / 1e6)
    cpu_us = cpu / v["requests"] * 1e6 if cpu is not None and v["requests"] else None
    return Result(name, path, rps, v["p50_us"] / 1000, v["p99_us"] / 1000, v["non2xx"], errors,
                  v["requests"], cpu_us=cpu_us)  # fmt: skip


def verdict(result: Result, ceiling: Result) -> bool:
    """Zero non-2xx and errors, p99 <= 3 x p50, and the issue-14 share of the ceiling."""
    goals = [result.non2xx == 0, result.errors == 0, result.p99_ms <= 3 * result.p50_ms]
    target = TARGETS.get(result.name)
    if target is not None:
        goals.append(result.rps / ceiling.rps >= target)
    return all(goals)


def report(results: list[Result], ceiling: Result) -> None:
    healthz = results[0]
    print()
    print(f"{'route':<10} {'req/s':>8} {'/healthz':>8} {'/ceiling':>8} {'target':>7} "
          f"{'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>7} {'non2xx':>6} {'errors':>6} "
          f"{'SQL/req':>7} {'CPU us':>7} {'cpu x':>6}  met")  # fmt: skip
    for r in [*results, ceiling]:
        target = TARGETS.get(r.name)
        ratio = r.p99_ms / r.p50_ms if r.p50_ms else float("inf")
        sql = f"{r.statements:7.1f}" if r.statements is not None else f"{'-':>7}"
        cpu = f"{r.cpu_us:7.0f} {r.cpu_us / ceiling.cpu_us:6.2f}" if r.cpu_us else f"{'-':>14}"
        met = "yes" if verdict(r, ceiling) else "NO"
        print(f"{r.name:<10} {r.rps:8.1f} {r.rps / healthz.rps:8.3f} {r.rps / ceiling.rps:8.3f} "
              f"{f'>={target:.2f}' if target else '-':>7} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
              f"{ratio:7.2f} {r.non2xx:6d} {r.errors:6d} {sql} {cpu}  "
              f"{met if r is not ceiling else '(yardstick)'}")  # fmt: skip
    print("\nceiling: a bare Flask 'hello' app under the same gunicorn settings (hello.py).")
    print("targets (issue 14), as shares of the ceiling: healthz >= 0.80; directory, profile,")
    print("team >= 0.15; scheduler >= 0.10; feeds >= 0.20; on every route zero non-2xx and")
    print("errors and p99 <= 3 x p50. SQL/req: statements per request, counted in-process")
    print("with Flask's test client on the same database (statements.py). CPU us: the")
    print("server's CPU time (master and workers, user + system) per request, and as a")
    print("multiple of the ceiling's: steadier than req/s when the machine is shared.")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=1,
                        help="load /healthz and the ceiling in turn this many times")  # fmt: skip
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
        plan = routes(seeded) + feed_routes(database_url, seeded)
        if args.only:
            plan = [p for p in plan if p[0] == "healthz" or p[0] in args.only]
        counts = statements_per_request(database_url, seeded, plan)
        # Both servers up at once (the idle one sleeps), the ceiling loaded right after
        # /healthz, so the two yardsticks see the machine in the same state.
        with (gunicorn(database_url, args.workers) as url,
              gunicorn(database_url, args.workers, CEILING_APP, "/") as hello_url):  # fmt: skip
            cookie = sign_in(url, seeded.viewer_email)
            results = []
            for name, path in plan:
                if name == "healthz":
                    result, ceiling = yardsticks(url, hello_url, path, cookie, args)
                else:
                    result = load(url, name, path, cookie, args)
                results.append(replace(result, statements=counts[name]))
        report(results, ceiling)


def yardsticks(url: str, hello_url: str, path: str, cookie: str, args: argparse.Namespace):
    """/healthz and the ceiling, loaded in turn `--pairs` times on a busy machine."""
    pairs = []
    for _ in range(args.pairs):
        healthz = load(url, "healthz", path, cookie, args)
        ceiling = replace(load(hello_url, "ceiling", "/", cookie, args), statements=0)
        pairs.append((healthz, ceiling))
        if args.pairs > 1:
            shares = (healthz.rps / ceiling.rps, healthz.cpu_us / ceiling.cpu_us)
            print(
                "  pair: healthz / ceiling = {:.3f} req/s, {:.3f} CPU per request".format(*shares)
            )
    return combine([h for h, _ in pairs]), combine([c for _, c in pairs])


def combine(runs: list[Result]) -> Result:
    """One route's runs as one: total requests over total time, median latencies."""
    if len(runs) == 1:
        return runs[0]
    requests = sum(r.requests for r in runs)
    seconds = sum(r.requests / r.rps for r in runs)
    return replace(
        runs[0],
        rps=requests / seconds,
        requests=requests,
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        non2xx=sum(r.non2xx for r in runs),
        errors=sum(r.errors for r in runs),
        cpu_us=sum(r.cpu_us * r.requests for r in runs) / requests
        if all(r.cpu_us is not None for r in runs)
        else None,
    )


def load(url: str, name: str, path: str, cookie: str, args: argparse.Namespace) -> Result:
    """Warm each worker (every route must answer 200), then one wrk run."""
    for _ in range(3):
        status, sets_cookie = check_route(url, path, cookie)
    if status != 200:
        raise SystemExit(f"{name} {path} answered {status}, not 200")
    if sets_cookie:  # wrk replays one cookie: each request would pay a re-signed cookie
        print(f"warning: {name} sets a cookie on every request", flush=True)
    result = wrk(url, name, path, cookie, args.connections, args.seconds)
    print(f"{name}: {result.requests} requests", flush=True)
    return result


if __name__ == "__main__":
    main()
