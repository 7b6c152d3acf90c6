"""The optional error reporter: Sentry's SDK, started only when SENTRY_DSN is set.

Without a DSN nothing of it is imported or started. With one, unhandled errors (and log
records of level ERROR) are reported with the request id as a tag, and without personal data:
no cookies, headers' user data, IP address (`send_default_pii=False`), and no request body
(`max_request_body_size="never"`: forms hold passwords and addresses).
"""
from __future__ import annotations

from flask import Flask, g, has_request_context


def _tag_request_id(event, _hint):
    if has_request_context() and g.get("request_id"):
        event.setdefault("tags", {})["request_id"] = g.request_id
    return event


def init_app(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
        environment=app.config.get("SENTRY_ENVIRONMENT") or app.config.get("NAME"),
        release=app.config.get("RELEASE") or None,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=float(app.config.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        before_send=_tag_request_id,
    )
    app.extensions["sentra.sentry"] = True
