"""data.json is the same whether a revision's snapshot is written verbatim or re-encoded.

`core._as_written` keeps a stored snapshot as its JSON text (`RawJSON`) unless it holds
a `\\u` escape; `readable_json` writes such text as it is. Both must give exactly what
decoding and encoding again gives, for any snapshot `json.dumps` could have stored.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from app.services.export import readable_json
from app.services.export.core import _as_written
from app.services.export.registry import RawJSON

_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_values = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def _data(snapshots: list[object]) -> dict:
    return {
        "format": "teamshape-export",
        "manual_revisions": [
            {"number": n, "created_at": "2026-11-30T09:00:00Z", "snapshot": s}
            for n, s in enumerate(snapshots)
        ],
        "time_off": [],
    }


@given(st.lists(st.dictionaries(st.text(), _values, max_size=5), min_size=1, max_size=3))
def test_verbatim_snapshots_write_the_same_data_json(snapshots):
    stored = [json.dumps(s, sort_keys=True) for s in snapshots]
    decoded = readable_json(_data([json.loads(text) for text in stored]))
    assert readable_json(_data([_as_written(text) for text in stored])) == decoded
    assert json.loads(decoded)["manual_revisions"][0]["snapshot"] == json.loads(stored[0])


def test_ascii_snapshots_are_kept_as_text_others_decoded_to_stay_readable():
    plain = json.dumps({"story": "Hello", "n": 1}, sort_keys=True)
    accented = json.dumps({"story": "Zoë"}, sort_keys=True)
    assert isinstance(_as_written(plain), RawJSON)
    assert _as_written(accented) == {"story": "Zoë"}
    assert "Zoë" in readable_json(_data([_as_written(accented)]))
