"""Where sessions are kept: Flask's signed cookie by default, Redis when SESSION_STORE=redis."""
from __future__ import annotations

from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface


def init_app(app: Flask) -> None:
    if app.config.get("SESSION_STORE", "cookie") == "redis":
        _init_redis_sessions(app)
    else:
        app.session_interface = _CookieSessions()


class _CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the signing set-up for a visitor who has none
    (most of them): it was a fifth of the cost of answering a cached page."""

    def open_session(self, app: Flask, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


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
