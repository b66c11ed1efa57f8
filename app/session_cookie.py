"""The session cookie, signed as Flask does, without rebuilding the signer per request.

Flask's `SecureCookieSessionInterface` builds a new itsdangerous serializer on every
request, the serializer builds a new signer on every `loads`/`dumps`, and the signer
derives its HMAC key from the secret again each time. Every page, `/healthz` included,
pays that before it does any work. Here the serializer is built once per secret (a
changed SECRET_KEY or SECRET_KEY_FALLBACKS builds a new one), its signer once, and the
derived keys once; the cookie format, the salt, the keys tried and the expiry check are
Flask's own, so cookies signed before and after the change read the same.

An unmodified session is never re-signed (a cookie is only written when the session
changed, as with Flask's default of non-permanent sessions), and that case returns
before reading the seven cookie settings a `Set-Cookie` would need.
"""

from __future__ import annotations

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer, want_bytes


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
        return self._serializer

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # Nothing to write: only the Vary header Flask would add (the common case).
        if not session.modified and not (session and self.should_set_cookie(app, session)):
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)
