"""Failed sign-ins are slowed per account as well as per address (issue 17).

One address must not lock out a whole office (everyone behind one NAT), one address
trying many accounts must still be stopped, and a guess at one account spread over
many addresses must be slowed too. Client addresses are set per request, as a proxy
(or the internet) would deliver them.
"""

from __future__ import annotations

import pytest

from app.forms_common import REFUSED
from tests.conftest import PASSWORD

WRONG = "not the password!"  # a refused sign-in re-renders the form: 422
OFFICE = "203.0.113.7"


def _try(client, email, password=WRONG, address=OFFICE):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


@pytest.fixture
def limits(app):
    app.config.update(
        LOGIN_RATE_LIMIT="3 per 5 minutes",
        LOGIN_ADDRESS_RATE_LIMIT="8 per 5 minutes",
        LOGIN_ACCOUNT_RATE_LIMIT="5 per 15 minutes",
    )


def test_one_person_s_typos_do_not_lock_out_the_office(app, limits, make_member):
    typist, colleague = make_member("Tia Typist"), make_member("Cal Colleague")
    assert [_try(app.test_client(), typist.email) for _ in range(4)] == [REFUSED] * 3 + [429]
    assert _try(app.test_client(), typist.email, PASSWORD) == 429  # that account, there
    assert _try(app.test_client(), colleague.email, PASSWORD) == 302  # the office works
    assert _try(app.test_client(), typist.email, PASSWORD, "198.51.100.1") == 302  # from home


def test_one_address_trying_many_accounts_is_stopped(app, limits, member):
    statuses = [_try(app.test_client(), f"guess{n}@example.test") for n in range(9)]
    assert statuses == [REFUSED] * 8 + [429]
    assert _try(app.test_client(), "someone-new@example.test") == 429
    assert _try(app.test_client(), "someone-new@example.test", address="198.51.100.1") == REFUSED


def test_a_guess_spread_over_many_addresses_is_slowed(app, limits, member):
    addresses = [f"192.0.2.{n}" for n in range(1, 7)]
    statuses = [_try(app.test_client(), member.email, address=a) for a in addresses]
    assert statuses == [REFUSED] * 5 + [429]
    # The documented price: the owner waits out the period too.
    assert _try(app.test_client(), member.email, PASSWORD, "198.51.100.9") == 429
    assert _try(app.test_client(), "other@example.test", address="198.51.100.9") == REFUSED


def test_successful_sign_ins_cost_nothing(app, limits, member):
    for _ in range(10):
        client = app.test_client()
        assert _try(client, member.email, PASSWORD) == 302
        client.post("/logout")


def test_the_email_is_matched_however_it_is_typed(app, limits, member):
    variants = [member.email, member.email.upper(), f"  {member.email} "]
    statuses = [
        _try(app.test_client(), v, address=f"192.0.2.{n}") for n, v in enumerate(variants * 2)
    ]
    assert statuses == [REFUSED] * 5 + [429]
