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
