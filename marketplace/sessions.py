"""Where sessions are kept: Flask's signed cookie by default, Redis when SESSION_STORE=redis."""
from __future__ import annotations

import hashlib
import threading
import time

from cachetools import TLRUCache
from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature


def init_app(app: Flask) -> None:
    if app.config.get("SESSION_STORE", "cookie") == "redis":
        _init_redis_sessions(app)
    else:
        app.session_interface = _CookieSessions()


def session_identifier() -> str:
    """The browser and address a log-in was made from, as "basic" session protection compares
    them: Flask-Login marks a session from another one not fresh (its generator is set to this
    function, marketplace/__init__.py), and caching._personal_answer leaves such a session to
    the full path, which writes that. One function, so the two can never disagree.

    The same text as Flask-Login 0.6's own `_create_identifier` (the `b'...'` reprs included),
    so that the sessions signed in before this function took over stay fresh, with one
    difference: the address is the client's as the trusted proxies give it (ProxyFix,
    PROXY_FIX_X_FOR), where Flask-Login took the first address of X-Forwarded-For, which the
    client writes itself (a stolen cookie sent with the victim's address prepended stayed
    fresh). Behind nginx both are the same address for an honest client.
    """
    address = request.remote_addr
    if address is not None:
        address = address.encode("utf-8").split(b",")[0].strip()
    user_agent = request.headers.get("User-Agent")
    if user_agent is not None:
        user_agent = user_agent.encode("utf-8")
    return hashlib.sha512(f"{address}|{user_agent}".encode()).hexdigest()


class _CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the signing set-up for a visitor who has none
    (most of them): it was a fifth of the cost of answering a cached page.

    And a cookie already verified by this process is not verified again: a signed-in buyer's
    page from the cache (caching._personal_answer) costs little more than an anonymous one, and
    checking the signature and decoding the cookie was a tenth of it. Kept: the exact cookie
    (checked with this app's key: the same text verifies the same way) and what it held, until
    the cookie's own age limit (TLRUCache's time-to-use: signed at + the session lifetime), at
    most KEPT cookies, the one seen longest ago forgotten first; only sessions of plain values
    (str, numbers, booleans), so that a copy of the dictionary shares nothing a request could
    change in place. Behind a lock: a hit reorders the cache, and gunicorn may run threads.
    """

    KEPT = 4096

    def __init__(self) -> None:
        self._verified: TLRUCache[str, tuple[dict, float]] = TLRUCache(
            maxsize=self.KEPT, ttu=_until_its_age_limit, timer=time.time)
        self._lock = threading.Lock()

    def open_session(self, app: Flask, request):
        value = request.cookies.get(self.get_cookie_name(app))
        if app.secret_key and not value:
            return self.session_class()
        if app.secret_key:
            with self._lock:
                kept = self._verified.get(value)
            if kept is not None:
                return self.session_class(kept[0])
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(type(item) in _PLAIN for item in data.values()):
            with self._lock:
                self._verified[value] = (data, signed_at.timestamp() + max_age)
        return self.session_class(data)


def _until_its_age_limit(_cookie: str, kept: tuple[dict, float], _now: float) -> float:
    return kept[1]


_PLAIN = {str, int, float, bool, type(None)}


def _init_redis_sessions(app: Flask) -> None:
    import redis
    from flask_login import user_logged_in
    from flask_session import Session

    app.config["SESSION_TYPE"] = "redis"
    app.config.setdefault("SESSION_REDIS", redis.Redis.from_url(app.config["REDIS_URL"]))
    Session(app)

    def new_session_id(sender, user, **_extra) -> None:
        # A session id chosen before the log-in (perhaps planted by someone else) must not
        # become the signed-in session: Flask-Session keeps ids, so change it here.
        if sender is app:
            app.session_interface.regenerate(session)

    user_logged_in.connect(new_session_id, weak=False)
