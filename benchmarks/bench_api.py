"""API benchmark: /api/v1 at 2,000 members through gunicorn, and the data export's time.

Why it exists: issue 13 asks the API to stay within reach of the pages it mirrors and
the export to be quick even for a long manual history. Like `benchmarks/load/run.py` (whose
scratch database, seed, gunicorn and wrk helpers it reuses), it builds a workspace of
2,000 members on the local PostgreSQL server, makes a read token for the seeded viewer,
runs `gunicorn wsgi:app` (2 sync workers, production config, rate limits off) and loads
with wrk (16 connections, 10 s): `/healthz`, `GET /api/v1/members?per_page=50` and
`GET /api/v1/members/<teammate>/manual`. It prints requests per second and p50/p99 per
route and each as a fraction of `/healthz` in the same run (target >= 0.2). Then it
gives the viewer 200 manual revisions and times `build_export` in-process (median, min
and max of 15 runs; target: median <= 300 ms). It asserts nothing about time.
`--export-only` seeds 200 members and times just the export.

Run: `python benchmarks/bench_api.py` (needs Debian's `wrk` and PostgreSQL on
127.0.0.1:5432; `--help` for options). The scratch database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load.run import (  # noqa: E402
    HERE,
    Result,
    gunicorn,
    scratch_database,
    upgrade,
)
from benchmarks.load.seed import seed  # noqa: E402

TARGET = 0.2
EXPORT_TARGET_MS = 300
REVISIONS = 200


def _app(database_url: str):
    from app import create_app
    from config import TestingConfig

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return create_app(BenchConfig)


def make_token(database_url: str, member_id: int) -> str:
    from app.extensions import db
    from app.services import api_tokens

    app = _app(database_url)
    with app.app_context():
        _, secret = api_tokens.create_token(
            member_id, name="bench", scope="read", days=7, now=datetime.now(UTC)
        )
        db.engine.dispose()
    return secret


def status_of(url: str, path: str, token: str) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - loopback
        url + path, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, name: str, path: str, token: str, connections: int, seconds: int) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "report.lua"), "-H", f"Authorization: Bearer {token}",
               url + path]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRK_RESULT"))
    v = {k: int(n) for k, n in re.findall(r"(\w+)=(\d+)", line)}
    errors = v["connect"] + v["read"] + v["write"] + v["timeout"]
    rps = v["requests"] / (v["duration_us"] / 1e6)
    return Result(name, path, rps, v["p50_us"] / 1000, v["p99_us"] / 1000, v["non2xx"], errors,
                  v["requests"])  # fmt: skip


def time_export(database_url: str, member_id: int, runs: int = 15) -> tuple[list[float], int]:
    """Give the member REVISIONS revisions, then time build_export (ms per run; bytes)."""
    from app.extensions import db
    from app.models import ManualRevision
    from app.services.export import build_export
    from app.services.revisions import snapshot

    app = _app(database_url)
    with app.app_context():
        now = datetime.now(UTC)
        base = snapshot(member_id)
        db.session.add_all(
            ManualRevision(
                member_id=member_id,
                number=1000 + n,
                snapshot=json.dumps({**base, "zone": base["zone"], "n": n}, sort_keys=True),
                created_at=now - timedelta(days=REVISIONS - n),
            )
            for n in range(REVISIONS)
        )
        db.session.commit()
        timings, size = [], 0
        for _ in range(runs):
            db.session.remove()
            started = time.perf_counter()
            size = len(build_export(member_id, datetime.now(UTC)).body)
            timings.append((time.perf_counter() - started) * 1000)
        db.engine.dispose()
    return timings, size


def report(results: list[Result]) -> None:
    healthz = results[0]
    print(f"\n{'route':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non2xx':>7} "
          f"{'errors':>7}  of /healthz (target >= {TARGET})")  # fmt: skip
    for r in results:
        fraction = r.rps / healthz.rps
        met = "" if r.name == "healthz" else ("met" if fraction >= TARGET else "NOT met")
        print(f"{r.name:<8} {r.rps:8.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.non2xx:7d} "
              f"{r.errors:7d}  {fraction:6.3f} {met}")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--export-only", action="store_true", help="time only the export")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.export_only:
        with scratch_database() as database_url:
            upgrade(database_url)
            report_export(database_url, seed(database_url, 200).viewer_id)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    with scratch_database() as database_url:
        upgrade(database_url)
        seeded = seed(database_url, args.members)
        print(f"seeded {args.members} members; the viewer is member {seeded.viewer_id}")
        token = make_token(database_url, seeded.viewer_id)
        plan = [
            ("healthz", "/healthz"),
            ("members", "/api/v1/members?per_page=50"),
            ("manual", f"/api/v1/members/{seeded.teammate_id}/manual"),
        ]
        with gunicorn(database_url, args.workers) as url:
            results = []
            for name, path in plan:
                for _ in range(3):
                    status = status_of(url, path, token)
                if status != 200:
                    raise SystemExit(f"{name} {path} answered {status}, not 200")
                results.append(wrk(url, name, path, token, args.connections, args.seconds))
                print(f"{name}: {results[-1].requests} requests", flush=True)
        report(results)
        report_export(database_url, seeded.viewer_id)


def report_export(database_url: str, member_id: int) -> None:
    timings, size = time_export(database_url, member_id)
    median = statistics.median(timings)
    verdict = "met" if median <= EXPORT_TARGET_MS else "NOT met"
    print(f"\nexport with {REVISIONS} revisions: median {median:.1f} ms, min {min(timings):.1f}, "
          f"max {max(timings):.1f} over {len(timings)} runs, {size / 1024:.0f} KiB zip "
          f"(target: median <= {EXPORT_TARGET_MS} ms: {verdict})")  # fmt: skip


if __name__ == "__main__":
    main()
