"""Property-based tests of /api/v1 generated from its own OpenAPI document (schemathesis).

Every operation is called with generated requests three ways: with a read+write token
(no 500, status codes, content types, headers and bodies as documented), without a
token (always a 401 problem document: no bypass), and, on writing operations, with a
read-only token (always a 403 problem document).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from tests.api_helpers import bearer, make_token
from tests.conftest import TestingConfig, dispose_app, make_app
from tests.manual_helpers import write_manual

EXAMPLES = 20
DOCUMENTED = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
PROBLEM = "application/problem+json"


class UnlimitedConfig(TestingConfig):
    API_RATE_LIMIT = "1000000 per minute"  # the rate limit has its own test


@pytest.fixture
def api_app():
    app = make_app(UnlimitedConfig)
    with app.app_context():
        yield app
    dispose_app(app)


@pytest.fixture
def tokens(api_app):
    from datetime import UTC, datetime

    from app.services import accounts, teams

    people = [
        accounts.create_member(
            email=f"p{n}@example.test",
            display_name=f"Person {n}",
            password="correct horse battery",
            time_zone="Europe/Berlin",
            min_length=10,
            admin=n == 0,
        )
        for n in range(3)
    ]
    team = teams.create_team(people[0].id, name="Core")
    teams.add_member(people[0].id, team.id, people[1].id)
    now = datetime.now(UTC)
    write_manual(people[1].id, now, story=("hello", "workspace"), help_me=("secret", "private"))
    return {"write": make_token(people[0].id, "read+write"), "read": make_token(people[0].id)}


def _content_type(response) -> str:
    return {k.lower(): v for k, v in response.headers.items()}["content-type"][0]


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every endpoint is in the document
    return operations


def _each_operation(app, check, mode=GenerationMode.POSITIVE) -> list[str]:
    """Run `check(case)` on generated cases of every operation; returns what ran."""
    ran = []
    for operation in _operations(app):

        @FAST
        @given(case=operation.as_strategy(mode))
        def run(case):
            check(case)

        run()
        ran.append(f"{operation.method.upper()} {operation.path}")
    return ran


FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_with_a_token_every_response_is_as_documented(api_app, tokens):
    def check(case):
        case.call_and_validate(headers=bearer(tokens["write"]), checks=DOCUMENTED)

    print(_each_operation(api_app, check))


def test_with_a_token_invalid_requests_are_refused_as_problems(api_app, tokens):
    """Requests that break the document (wrong types, missing fields) never cause a 500
    and come back as documented problem documents."""

    def check(case):
        response = case.call(headers=bearer(tokens["write"]))
        assert response.status_code < 500, (case.method, case.path, response.text[:200])
        if response.status_code >= 400:
            assert _content_type(response).startswith(PROBLEM)

    _each_operation(api_app, check, GenerationMode.NEGATIVE)


def test_without_a_token_every_operation_is_a_401_problem(api_app, tokens):
    def check(case):
        if case.headers:
            case.headers = {k: v for k, v in case.headers.items() if k.lower() != "authorization"}
        response = case.call()
        assert response.status_code == 401, (case.method, case.path, response.text[:200])
        assert _content_type(response).startswith(PROBLEM)
        case.validate_response(response, checks=DOCUMENTED)

    _each_operation(api_app, check)


def test_a_read_token_gets_403_on_every_write_operation(api_app, tokens):
    writes = []

    def check(case):
        response = case.call(headers=bearer(tokens["read"]))
        if "403" in case.operation.definition.raw.get("responses", {}):
            writes.append(case.path)
            assert response.status_code == 403, (case.method, case.path, response.text[:200])
            assert _content_type(response).startswith(PROBLEM)
        else:
            assert response.status_code != 403, (case.method, case.path)
        case.validate_response(response, checks=DOCUMENTED)

    _each_operation(api_app, check)
    assert len(set(writes)) >= 4  # manual, pattern, book, reschedule, cancel
