"""Profile the benchmarked routes in-process, to explain a missed load target.

Seeds the same workspace as `run.py` in a scratch database, signs in through the Flask
test client, and runs each route a few times under pyinstrument (`pip install
pyinstrument`; not a project dependency), printing the call tree and the number of SQL
statements per request. Run: `python benchmarks/load/profile_routes.py [route ...]`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import event  # noqa: E402

from benchmarks.load.run import feed_routes, routes, scratch_database, upgrade  # noqa: E402
from benchmarks.load.seed import PASSWORD, seed  # noqa: E402

REPEAT = 5


def main(names: list[str]) -> None:
    from pyinstrument import Profiler

    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    with scratch_database() as database_url:
        upgrade(database_url)
        seeded = seed(database_url, 2000)

        class ProfileConfig(TestingConfig):
            SQLALCHEMY_DATABASE_URI = database_url

        app = create_app(ProfileConfig)
        client = app.test_client()
        client.post("/login", data={"email": seeded.viewer_email, "password": PASSWORD})
        statements = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
        plan = routes(seeded) + feed_routes(database_url, seeded)
        for name, path in plan:
            if names and name not in names:
                continue
            assert client.get(path).status_code == 200, path
            statements.clear()
            profiler = Profiler(interval=0.0005)
            started, cpu = time.perf_counter(), time.process_time()
            with profiler:
                for _ in range(REPEAT):
                    client.get(path)
            each = (time.perf_counter() - started) / REPEAT * 1000
            cpu_each = (time.process_time() - cpu) / REPEAT * 1000
            print(f"\n===== {name} {path[:80]}: {each:.1f} ms ({cpu_each:.1f} ms CPU), "
                  f"{len(statements) / REPEAT:.0f} SQL statements per request")  # fmt: skip
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
