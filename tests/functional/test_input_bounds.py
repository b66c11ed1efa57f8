"""Out-of-range numbers and dates, everywhere a request can carry them: never a 500.

Walks Flask's URL map (so a new route is covered the day it lands):

- every route's integer argument at 0, -1, 2^31, 2^63, 10^25 and a 5,000-digit number
  answers 404 (`<id:...>` matches only ids an INTEGER column can hold), and no route
  takes a bare `int`;
- every GET page with `?page=` at those values (and not a number) answers below 500,
  and the paginated lists answer 404 with the pages that exist;
- every date, number and choice field of every form on every page, submitted at year 1
  and 9999 or at those numbers, answers below 500, and afterwards every page still
  opens; the scheduler's query strings and the JSON API likewise.

With TESTING on, an exception in a view propagates into the test, so "below 500" here
also means "no exception at all".
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter, Rule

from app.routing import IdConverter
from app.services import teams
from tests.functional.test_fuzz_forms import FormParser, _form_pages
from tests.functional.test_route_security import URL_MAP_APP, _methods, _rules

BAD_NUMBERS = ["0", "-1", str(2**31), str(2**63), str(10**25), "9" * 5000]
BAD_DATES = ["0001-01-01", "9999-12-30", "9999-12-31"]
SENTINEL = 7_654_321  # a valid id, swapped in the URL for each bad value


def _id_arguments(rule: Rule) -> list[str]:
    return [n for n in rule.arguments if isinstance(rule._converters[n], IntegerConverter)]


def test_every_integer_route_argument_is_a_bounded_id():
    checked = 0
    for rule in _rules(URL_MAP_APP):
        for name in _id_arguments(rule):
            assert isinstance(rule._converters[name], IdConverter), (rule.rule, name)
            checked += 1
    assert checked >= 20


def _bad_id_urls() -> list[tuple[str, str]]:
    cases = []
    for rule in _rules(URL_MAP_APP):
        ids = _id_arguments(rule)
        for name in ids:
            values = {
                n: (SENTINEL if n == name else 1) if n in ids else "x" for n in rule.arguments
            }
            url = rule.build(values, append_unknown=False)[1]
            for method in _methods(rule):
                for bad in BAD_NUMBERS:
                    cases.append((method, url.replace(str(SENTINEL), bad)))
    return cases


BAD_ID_URLS = _bad_id_urls()


def test_there_are_id_routes_to_check():
    assert len({url for _, url in BAD_ID_URLS}) >= 20 * len(BAD_NUMBERS)


@pytest.mark.parametrize(
    ("method", "url"), BAD_ID_URLS, ids=[f"{m} {u[:60]}" for m, u in BAD_ID_URLS]
)
def test_out_of_range_ids_are_not_found(admin_client, method, url):
    assert admin_client.open(url, method=method).status_code == 404


PAGINATED = ["/meetings", "/admin/members", "/admin/onboarding"]


@pytest.mark.parametrize("url", PAGINATED)
@pytest.mark.parametrize("page", ["0", "-1", str(2**31), str(2**63), str(10**25), "abc", "²"])
def test_a_page_that_cannot_exist_is_a_clear_404(admin_client, url, page):
    response = admin_client.get(url, query_string={"page": page})
    assert response.status_code == 404
    assert "Pages are numbered from 1 to 100,000." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", PAGINATED)
def test_real_pages_still_open(admin_client, url):
    assert admin_client.get(url, query_string={"page": "1"}).status_code == 200
    assert admin_client.get(url, query_string={"page": "100000"}).status_code == 200
    assert admin_client.get(url).status_code == 200


@pytest.fixture
def workspace(admin_client, admin, member):
    team = teams.create_team(admin.id, name="Bounds")
    teams.add_member(admin.id, team.id, admin.id)
    teams.add_member(admin.id, team.id, member.id)
    return admin_client, team


def test_every_page_takes_any_page_number(app, workspace, admin):
    client, team = workspace
    pages = _form_pages(app, admin, team)
    assert len(pages) >= 15
    for url in pages:
        for page in [*BAD_NUMBERS, "abc"]:
            status = client.get(url, query_string={"page": page}).status_code
            assert status < 500, (url, page[:30], status)


def _forms_on(client, url: str) -> list[dict]:
    response = client.get(url)
    if response.mimetype != "text/html":  # downloads (the data export), JSON documents
        return []
    parser = FormParser()
    parser.feed(response.get_data(as_text=True))
    return parser.forms


BOUNDED_KINDS = {"date": BAD_DATES, "number": BAD_NUMBERS, "select": BAD_NUMBERS}
BOUNDED_KINDS["hidden"] = [*BAD_NUMBERS, "9999-12-31T23:59:00Z", "0001-01-01T00:00:00+05:00"]


def _submit(client, url: str, form: dict, fields: list[str], value: str):
    # As a browser sends it: a select with no option sends nothing.
    data = {name: default for name, _kind, default in form["fields"] if default is not None}
    data.update(dict.fromkeys(fields, value))
    target = form["action"] or url
    if form["method"] == "GET":
        return client.get(target, query_string=data)
    return client.post(target, data=data)


def test_every_date_number_and_choice_field_refuses_out_of_range_values(app, workspace, admin):
    client, team = workspace
    pages = _form_pages(app, admin, team)
    tried: list[tuple[str, str]] = []
    for url in pages:
        for form in _forms_on(client, url):
            if "logout" in form["action"]:
                continue
            fields = [(n, k) for n, k, _ in form["fields"] if k in BOUNDED_KINDS]
            dates = [n for n, k in fields if k == "date"]
            # Each field alone, and all the form's dates at once (a window of year 9999).
            for names, kind in [([n], k) for n, k in fields if n != "csrf_token"] + (
                [(dates, "date")] if len(dates) > 1 else []
            ):
                for value in BOUNDED_KINDS[kind]:
                    response = _submit(client, url, form, names, value)
                    tried.extend((form["action"] or url, name) for name in names)
                    assert response.status_code < 500, (url, form["action"], names, value[:30])
    fields = {field for _, field in tried}
    # The discovery works: the scheduler's window, time off, one-off days, start dates.
    assert {"window_start", "window_end", "first", "last", "day", "start_date"} <= fields
    for url in pages:  # nothing stored on the way breaks a page afterwards
        assert client.get(url).status_code < 500, url


SCHEDULER_QUERIES = [
    "/find?window_start=0001-01-01&window_end=0001-01-05&duration=30",
    "/find?window_start=9999-12-30&window_end=9999-12-31&duration=30",
    f"/find?required_people={10**25}&window_start=2026-12-01&window_end=2026-12-05",
    f"/find?required_teams={10**25}&window_start=2026-12-01&window_end=2026-12-05",
    f"/find?duration={10**25}&window_start=2026-12-01&window_end=2026-12-05",
    "/api/suggestions?window_start=0001-01-01&window_end=0001-01-05&duration=30",
    "/api/suggestions?window_start=9999-12-30&window_end=9999-12-31&duration=30",
    f"/api/suggestions?required_people={10**25}&window_start=2026-12-01&window_end=2026-12-05",
    f"/api/suggestions?required_teams={2**31}&window_start=2026-12-01&window_end=2026-12-05",
    f"/meetings/new?start=2026-12-01T09:00:00Z&duration={10**25}",
    "/meetings/new?start=2026-12-01T09:00:00Z&duration=²",
    "/meetings/new?start=9999-12-31T23:59:00Z&duration=30",
    "/meetings/new?start=0001-01-01T00:00:00%2B05:00&duration=30",
]


@pytest.mark.parametrize("url", SCHEDULER_QUERIES)
def test_scheduler_queries_out_of_range_are_refused_clearly(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 302, 400, 422), (url, response.status_code)
    if response.status_code == 302:  # the booking form without a usable suggestion
        assert "/find" in response.headers["Location"]


@pytest.mark.parametrize(
    "field", ["required_people", "optional_people", "required_teams", "optional_teams"]
)
def test_an_out_of_range_pick_is_refused_at_its_field(admin_client, field):
    response = admin_client.get(
        "/api/suggestions",
        query_string={
            field: str(10**25),
            "window_start": "2026-12-01",
            "window_end": "2026-12-05",
        },
    )
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("day", BAD_DATES)
def test_the_search_window_names_the_date_range(admin_client, day):
    response = admin_client.get(
        "/api/suggestions", query_string={"window_start": day, "window_end": day}
    )
    assert response.status_code == 400
    assert response.get_json()["errors"]["window_start"] == ["Pick a date between 1900 and 2199."]
