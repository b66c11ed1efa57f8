"""In-process CPU time per request: Teamshape's fixed cost next to a bare Flask app.

Why it exists: wrk's requests per second mix the app's cost with gunicorn's, the
kernel's and whatever else the machine is doing. This measures only what the app's
Python spends on one request, with Flask's test client: `/healthz` (the fixed cost every
page pays: session, Flask-Login, CSRF, security headers, cache policy, hooks), signed-in
pages, and the bare "hello" app of `hello.py` (the ceiling, whose figure is mostly the
test client and Flask themselves).

The app runs with the production config (CSRF on, session protection, HSTS) on a scratch
PostgreSQL database seeded by `seed.py`, signed in through the real form. Each route is
run `--iterations` times per round; the figure is the best round's CPU microseconds per
request (min-of-N filters out the other processes on a shared machine).

Run: `python benchmarks/load/per_request.py [--members 100] [--rounds 7]`. It asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.load.run import scratch_database, upgrade  # noqa: E402
from benchmarks.load.seed import PASSWORD, seed  # noqa: E402


def production_app(database_url: str):
    """The app as gunicorn runs it in `run.py`: production config, rate limits off."""
    from app import create_app
    from config import ProductionConfig

    class PerRequestConfig(ProductionConfig):
        SECRET_KEY = uuid.uuid4().hex * 2
        CALENDAR_SECRET_KEY = uuid.uuid4().hex * 2
        CALENDAR_ALLOW_LOOPBACK = False
        SQLALCHEMY_DATABASE_URI = database_url
        SESSION_COOKIE_SECURE = False
        REMEMBER_COOKIE_SECURE = False
        RATELIMIT_ENABLED = False

    return create_app(PerRequestConfig)


def signed_in_client(app, email: str):
    """A test client signed in through the login form, CSRF token and all."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    answer = client.post("/login", data=form)
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed: {answer.status_code}")
    return client


def cpu_us_per_request(client, path: str, iterations: int, rounds: int) -> float:
    """The best round's CPU microseconds per request (every answer must be 200)."""
    for _ in range(3):
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not 200")
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(iterations):
            client.get(path)
        best = min(best, (time.process_time() - started) / iterations * 1e6)
    return best


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=500, help="per round, /healthz")
    parser.add_argument("--page-iterations", type=int, default=50, help="per round, pages")
    parser.add_argument("--no-freeze", action="store_true", help="skip wsgi.py's gc.freeze()")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    from benchmarks.load.hello import app as hello_app

    with scratch_database() as database_url:
        upgrade(database_url)
        seeded = seed(database_url, args.members)
        app = production_app(database_url)
        if not args.no_freeze:  # as wsgi.py does after create_app()
            gc.collect()
            gc.freeze()
        client = signed_in_client(app, seeded.viewer_email)
        plan = [
            ("ceiling (hello.py /)", hello_app.test_client(), "/", args.iterations),
            ("/healthz, signed in", client, "/healthz", args.iterations),
            ("/healthz, anonymous", app.test_client(), "/healthz", args.iterations),
            ("/ (home), signed in", client, "/", args.page_iterations),
            ("/people, signed in", client, "/people", args.page_iterations),
        ]
        rows = [(name, cpu_us_per_request(c, p, n, args.rounds)) for name, c, p, n in plan]
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()
    ceiling = rows[0][1]
    print(f"\n{'request':<22} {'CPU us':>9} {'x ceiling':>9}")
    for name, micros in rows:
        print(f"{name:<22} {micros:9.1f} {micros / ceiling:9.2f}")
    print(f"\nbest of {args.rounds} rounds; CPU time of this process (app + test client).")


if __name__ == "__main__":
    main()
