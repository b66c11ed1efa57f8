"""CalDAV failures in plain words: the library's exceptions (which can carry addresses)
never reach the member; each becomes a sentence saying what to do."""

from __future__ import annotations

import pytest
from caldav.lib import error as dav_error

from app.services import caldav_access
from app.services.caldav_access import CaldavLogin
from app.services.safe_fetch import FetchFailed, FetchPolicy

POLICY = FetchPolicy(allow_loopback=True, timeout=2, max_bytes=1024)
LOGIN = CaldavLogin("http://127.0.0.1:9/dav/", "ana", "pw-s3cr3t")


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (
            dav_error.AuthorizationError("http://ana:pw-s3cr3t@x/ 401"),
            "answered 401: check the user name and app password",
        ),
        (dav_error.NotFoundError("http://x/secret-path"), "answered 404"),
        (dav_error.PropfindError("http://x/secret-path"), "refused the request"),
        (TimeoutError("read timed out"), "did not answer in time"),
        (ConnectionError("http://ana:pw-s3cr3t@x/"), "could not be reached"),
    ],
)
def test_library_errors_become_plain_messages(monkeypatch, raised, message):
    class Client:
        def __init__(self, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def principal(self):
            raise raised

    monkeypatch.setattr(caldav_access.caldav, "DAVClient", Client)
    with pytest.raises(FetchFailed, match=message) as caught:
        caldav_access.list_calendars(LOGIN, POLICY)
    assert "s3cr3t" not in caught.value.reason and "secret-path" not in caught.value.reason
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_private_caldav_server_is_refused_before_any_request(monkeypatch):
    made = []
    monkeypatch.setattr(caldav_access.caldav, "DAVClient", lambda **kw: made.append(kw))
    guarded = FetchPolicy(allow_loopback=False, timeout=2, max_bytes=1024)
    with pytest.raises(FetchFailed, match="loopback"):
        caldav_access.list_calendars(LOGIN, guarded)
    with pytest.raises(FetchFailed, match="private network"):
        caldav_access.list_calendars(CaldavLogin("https://10.0.0.5/dav", "a", "b"), guarded)
    assert made == []


def test_the_login_never_prints_its_password():
    assert "pw-s3cr3t" not in repr(LOGIN) and "pw-s3cr3t" not in str(LOGIN)
