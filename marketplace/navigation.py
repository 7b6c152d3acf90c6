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
    """An absolute link for mail, always on PUBLIC_BASE_URL.

    Never on the request's host: Flask's absolute `url_for` takes it from `Host` (or from
    `X-Forwarded-Host` behind ProxyFix), so a password reset asked for with a forged host would
    mail the victim a link, token included, to the attacker's site.
    """
    from flask import current_app

    base = urlsplit(current_app.config["PUBLIC_BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
