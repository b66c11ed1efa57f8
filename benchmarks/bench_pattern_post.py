"""Benchmark of the weekly-pattern editor's save at 10, 100 and the row cap.

Why it exists: issue 17 found that `POST /manual/pattern` with N identical overlapping
rows took time and memory quadratic in N (6 s and 10.9 MiB at 200 rows, over 11
minutes at 1,500): every overlapping pair became a problem, and each problem was
checked against all messages already on its field. The editor now takes at most
`MAX_PATTERN_ROWS` rows and reports an overlap once per row after a sort-and-sweep.

It signs one member in (SQLite in memory, through the test client) and posts, for
each size, the worst cases a form can send: N identical overlapping rows ("Monday
09:00-17:00") and N overlapping "Every day" rows (each stands for seven blocks). It
prints the median milliseconds of a few posts, the status, the answer's size and the
SQL statements per post; and one post past the cap, which is refused before any
pattern work.

Run: `python benchmarks/bench_pattern_post.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event  # noqa: E402

from app.extensions import db  # noqa: E402
from app.patterns import forms  # noqa: E402
from app.services import accounts  # noqa: E402
from tests.conftest import PASSWORD, dispose_app, make_app  # noqa: E402

CAP = getattr(forms, "MAX_PATTERN_ROWS", 200)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def rows(count: int, weekday: str) -> dict[str, str]:
    data = {"time_zone": "Europe/Berlin", "save": "Save my week"}
    for index in range(count):
        data |= {
            f"blocks-{index}-kind": "working",
            f"blocks-{index}-weekday": weekday,
            f"blocks-{index}-start": "09:00",
            f"blocks-{index}-end": "17:00",
        }
    return data


def measure(client, data: dict[str, str], runs: int = RUNS) -> tuple[float, int, int, int]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    timings, response = [], None
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _ in range(runs):
            started = time.perf_counter()
            response = client.post("/manual/pattern", data=data)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return (
        statistics.median(timings),
        response.status_code,
        len(response.data),
        len(statements) // runs,
    )


def main() -> None:
    app = make_app()
    with app.app_context():
        accounts.create_member(
            email="bench@example.test",
            display_name="Bench",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.test", "password": PASSWORD})
        print(f"cap: {CAP} rows")
        print(f"{'rows':>6} {'kind':<22} {'median ms':>10} {'status':>6} {'KiB':>8} {'SQL':>4}")
        for count in (10, 100, CAP):
            for label, weekday in (("same Monday block", "0"), ("same every-day block", "all")):
                ms, status, size, sql = measure(client, rows(count, weekday))
                print(
                    f"{count:>6} {label:<22} {ms:>10.1f} {status:>6} {size / 1024:>8.1f} {sql:>4}"
                )
        ms, status, size, sql = measure(client, rows(CAP * 5, "all"), runs=1)
        print(
            f"{CAP * 5:>6} {'past the cap':<22} {ms:>10.1f} {status:>6} "
            f"{size / 1024:>8.1f} {sql:>4}"
        )
    dispose_app(app)


if __name__ == "__main__":
    main()
