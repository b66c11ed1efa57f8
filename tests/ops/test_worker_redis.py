"""A real `teamshape worker` process on a Redis queue (a Redis database of its own)
refreshes a subscription queued by this process, as in production."""

from __future__ import annotations

import pytest

from config import TestingConfig
from tests.conftest import USING_POSTGRES, dispose_app, make_app
from tests.worker_journey import run_journey

pytestmark = pytest.mark.ops


def test_a_worker_process_refreshes_through_the_redis_queue(redis_url, tmp_path):
    database = (
        TestingConfig.SQLALCHEMY_DATABASE_URI
        if USING_POSTGRES
        else f"sqlite:///{tmp_path / 'app.sqlite'}"
    )

    class RedisQueueConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database
        TASKS_IMMEDIATE = False
        TASK_QUEUE_URL = redis_url

    app = make_app(RedisQueueConfig)
    try:
        with app.app_context():
            run_journey(database, redis_url, tmp_path / "worker.log")
    finally:
        dispose_app(app)
