"""Where to send a person next, without ever sending them to another site."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next_url(target: str | None, default: str = "/") -> str:
    """Only a path on this site (no scheme, no host, no `//` or backslash tricks)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for mail: the request's own host, or PUBLIC_BASE_URL outside a request
    (cron commands, background threads)."""
    from flask import current_app, has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
