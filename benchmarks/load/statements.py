"""SQL statements per request for each benchmarked route, counted in-process.

Why it exists: the load table reports how many statements each page runs, because a
count that grows with the workspace is a scaling bug no matter how fast the machine.
wrk cannot see SQL, so the same routes are requested through Flask's test client on
the same seeded database, with a SQLAlchemy cursor hook counting every statement.
"""

from __future__ import annotations

from sqlalchemy import event

from benchmarks.load.seed import PASSWORD, Seeded

REPEAT = 3


def statements_per_request(
    database_url: str, seeded: Seeded, plan: list[tuple[str, str]]
) -> dict[str, float]:
    """Route name -> statements per request (after a warm-up request of each)."""
    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    class CountingConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        RATELIMIT_ENABLED = False

    app = create_app(CountingConfig)
    client = app.test_client()
    client.post("/login", data={"email": seeded.viewer_email, "password": PASSWORD})
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    counts = {}
    for name, path in plan:
        client.get(path)
        statements.clear()
        for _ in range(REPEAT):
            client.get(path)
        counts[name] = len(statements) / REPEAT
    with app.app_context():
        db.engine.dispose()
    return counts
