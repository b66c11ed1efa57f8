"""Every free-text field, fuzzed through the test client: no 500 for any input, and no
unescaped markup on any page afterwards.

The forms are discovered from the pages themselves (any GET page an admin can open,
ids filled with the admin's own objects), so a new form is fuzzed the day it lands.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import teams

MARKER = "<x-fuzz onmouseover=alert(1)>"
PAYLOADS = [
    MARKER,
    '"><x-fuzz onmouseover=alert(1)>',
    f"[x](javascript:alert(1)) {MARKER}",
    f"<script>alert(1)</script>{MARKER}",
    f"{MARKER}\x00nul",
    f"{MARKER}" + "ü€😀" * 40,
]
TEXT_TYPES = {"text", "email", "search", "password", "textarea", "url", "tel", None}
SKIP_FIELDS = {"csrf_token"}
fuzz_text = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda pre, payload, post: pre + payload + post,
        st.text(max_size=20),
        st.sampled_from(PAYLOADS),
        st.text(max_size=20),
    ),
)


class FormParser(HTMLParser):
    """Collects forms: action, method and fields (name, type, default, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").upper(),
                    "fields": [],
                }
            )
        elif not self.forms:
            return
        elif tag in ("input", "textarea") and a.get("name"):
            kind = "textarea" if tag == "textarea" else a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"].append([a["name"], kind, a.get("value", "")])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["fields"].append([a["name"], "select", None])
        elif tag == "option" and self._select:
            field = self.forms[-1]["fields"][-1]
            if field[2] is None or "selected" in a:
                field[2] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _form_pages(app, admin, team) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        values = {}
        for name in rule.arguments:
            if name == "member_id":
                values[name] = admin.id
            elif name == "team_id":
                values[name] = team.id
            else:
                break
        else:
            pages.append(rule.build(values, append_unknown=False)[1])
    return sorted(set(pages))


def _forms(client, url):
    parser = FormParser()
    response = client.get(url)
    if response.mimetype != "text/html":  # downloads (the data export), JSON documents
        return []
    parser.feed(response.data.decode())
    return [
        f
        for f in parser.forms
        if any(kind in TEXT_TYPES and name not in SKIP_FIELDS for name, kind, _ in f["fields"])
    ]


@pytest.fixture
def workspace(app, admin_client, admin, member):
    team = teams.create_team(admin.id, name="Fuzzers")
    teams.add_member(admin.id, team.id, admin.id)
    teams.add_member(admin.id, team.id, member.id)
    return admin_client, team


def _submit(client, url, form, text):
    data = {}
    for name, kind, default in form["fields"]:
        is_text = kind in TEXT_TYPES and name not in SKIP_FIELDS and "password" not in name
        data[name] = text if is_text else (default or "")
    target = form["action"] or url
    if form["method"] == "GET":
        return client.get(target, query_string=data)
    return client.post(target, data=data)


def test_every_text_field_survives_fuzzing_and_never_renders_markup(app, workspace, admin):
    client, team = workspace
    pages = _form_pages(app, admin, team)
    targets = [(url, form) for url in pages for form in _forms(client, url)]
    assert len(targets) >= 5, targets  # the discovery itself works
    statuses: list[int] = []

    @settings(
        max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(text=fuzz_text)
    def fuzz(text):
        for url, form in targets:
            response = _submit(client, url, form, text)
            statuses.append(response.status_code)
            assert response.status_code < 500, (url, form["action"], repr(text))
            assert MARKER not in response.data.decode(errors="replace"), (url, repr(text))

    fuzz()
    assert len(statuses) >= 25 * len(targets)
    print(f"[fuzz] {len(targets)} forms on {len(pages)} pages, {len(statuses)} submissions")
    for url in pages:
        body = client.get(url).data.decode(errors="replace")
        assert MARKER not in body, url
        assert not re.search(r"<x-fuzz", body), url


# --- The weekly-pattern editor's rows (issue 17): many, overlapping, malformed ------------
ROW_KINDS = ["working", "energy", "focus", "routine", "no_meetings", "", "bogus"]
ROW_DAYS = ["0", "3", "6", "weekdays", "all", "9", "²"]
ROW_TIMES = ["09:00", "17:00", "00:00", "24:00", "9h", "", "23:45", "99:99"]
pattern_rows = st.lists(
    st.tuples(
        st.sampled_from(ROW_KINDS),
        st.sampled_from(ROW_DAYS),
        st.sampled_from(ROW_TIMES),
        st.sampled_from(ROW_TIMES),
        st.sampled_from(["", "peak", "x"]),
        fuzz_text,
    ),
    max_size=40,
)


@settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(rows=pattern_rows, copies=st.sampled_from([1, 5, 205]))
def test_pattern_rows_in_any_number_and_shape_answer_boundedly(member_client, rows, copies):
    """Rows repeated up to past the editor's cap: never a 500, never an unbounded page."""
    from app.patterns.forms import MAX_PATTERN_ROWS

    data = {"time_zone": "Europe/Berlin", "save": "Save my week"}
    for index, (kind, day, start, end, energy, label) in enumerate(rows * copies):
        data |= {
            f"blocks-{index}-kind": kind,
            f"blocks-{index}-weekday": day,
            f"blocks-{index}-start": start,
            f"blocks-{index}-end": end,
            f"blocks-{index}-energy": energy,
            f"blocks-{index}-label": label,
        }
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code in (302, 422), response.status_code
    assert len(response.data) < 2 * 1024 * 1024, len(response.data)
    assert MARKER not in response.get_data(as_text=True)
    if len(rows * copies) > MAX_PATTERN_ROWS:
        assert response.status_code == 422
