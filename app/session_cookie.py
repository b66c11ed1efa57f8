"""The session cookie, signed as Flask does, without rebuilding the signer per request.

Flask's `SecureCookieSessionInterface` builds a new itsdangerous serializer on every
request, the serializer builds a new signer on every `loads`/`dumps`, and the signer
derives its HMAC key from the secret again each time. Every page, `/healthz` included,
pays that before it does any work. Here the serializer is built once per secret (a
changed SECRET_KEY or SECRET_KEY_FALLBACKS builds a new one), its signer once, and the
derived keys once; the cookie format, the salt, the keys tried and the expiry check are
Flask's own, so cookies signed before and after the change read the same.

A browser sends the same cookie with every request until the session changes, so the
cookies already verified are kept (by their exact text, signature included, at most
`OPENED_MAX`; only sessions of plain immutable values, which a copy of the dict cannot
share with the cache): the same cookie again skips the HMAC check, base64, zlib and
JSON, and only its age is checked against the lifetime as itsdangerous does. A changed
secret drops them all.

An unmodified session is never re-signed (a cookie is only written when the session
changed, as with Flask's default of non-permanent sessions), and that case returns
before reading the seven cookie settings a `Set-Cookie` would need.
"""

from __future__ import annotations

import time

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, Signer, TimestampSigner, URLSafeTimedSerializer, want_bytes

OPENED_MAX = 4096
# Values a shallow copy of the session dict can share with the cache without harm.
_IMMUTABLE = (str, int, float, bool, type(None))


class _KeyOnceSigner(TimestampSigner):
    """A timestamp signer that derives each secret's key once, not on every check."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        derive = super().derive_key
        self._derived = {key: derive(key) for key in self.secret_keys}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        derived = self._derived.get(key)
        return derived if derived is not None else super().derive_key(key)


class _SignerOnceSerializer(URLSafeTimedSerializer):
    """Flask's session serializer, keeping one signer for its own salt."""

    default_signer = _KeyOnceSigner

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signer = super().make_signer(self.salt)

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        if salt is None or want_bytes(salt) == self.salt:
            return self._signer
        return super().make_signer(salt)


class SessionCookieInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the serializer built once per secret."""

    def __init__(self) -> None:
        self._keys: tuple = ()
        self._serializer: URLSafeTimedSerializer | None = None
        # cookie text -> (signed at, in Unix seconds; the session's data)
        self._opened: dict[str, tuple[int, dict]] = {}

    def forget_all(self) -> None:
        """Drop every verified cookie (account deletion leaves no id of theirs here)."""
        self._opened = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        if keys != self._keys or self._serializer is None:
            self._serializer = _SignerOnceSerializer(
                list(keys),
                salt=self.salt,
                serializer=self.serializer,
                signer_kwargs={
                    "key_derivation": self.key_derivation,
                    "digest_method": self.digest_method,
                },
            )
            self._keys = keys
            self._opened = {}
        return self._serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        opened = self._opened.get(cookie)
        if opened is not None and 0 <= int(time.time()) - opened[0] <= max_age:
            return self.session_class(opened[1])
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(isinstance(value, _IMMUTABLE) for value in data.values()):
            if len(self._opened) >= OPENED_MAX:
                self._opened = {}
            self._opened[cookie] = (int(signed_at.timestamp()), data)
        return self.session_class(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # Nothing to write: only the Vary header Flask would add (the common case),
        # set directly when the response has none yet (`response.vary` parses and
        # rebuilds the header as a set).
        if not session.modified and not (session and self.should_set_cookie(app, session)):
            if session.accessed:
                if "Vary" in response.headers:
                    response.vary.add("Cookie")
                else:
                    response.headers["Vary"] = "Cookie"
            return
        super().save_session(app, session, response)
