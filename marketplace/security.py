"""The store's edge: what every request is checked for before any view sees it, and the
security headers every response carries.

**Long addresses.** A request target longer than `MAX_URL_LENGTH` is a 414 (problem+json under
/api, documented in the OpenAPI document), answered by the app before routing has any effect.

**NUL bytes.** PostgreSQL's `text` cannot hold U+0000 (psycopg raises `DataError`), SQLite can:
a `%00` in a path, a query string or a form field passed every SQLite test and was a 500 on
PostgreSQL. Nobody types one; so, once for the whole app and before anything else runs (the
page cache included): a NUL in the path is a 404 (no such page can exist), in the query string
or a form field (or an uploaded file's name) a 400 that says why. Nothing reaches a service.

**Headers** (built with the `secure` package, see README "Security"): a Content-Security-Policy
that allows only this site's own scripts and styles (the pages have no inline script, style
element or style attribute, and tests/e2e/test_security_headers.py loads the main pages in
Chromium and fails on any violation), photos from `MEDIA_URL`'s host when that is a bucket or
CDN, forms that may lead to Stripe's hosted checkout; no framing at all; `nosniff`;
a referrer policy; a permissions policy that turns off what the store never uses; and HSTS
under production settings only (`HSTS_MAX_AGE`). Set in an `after_request` hook, which Flask
runs for every response it makes: pages answered from the cache or with a 304 before any view
ran, errors, the API, static files. nginx adds the same to the static files it serves itself
(deploy/nginx.conf).
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from flask_babel import lazy_gettext as _l
from secure import (
    ContentSecurityPolicy,
    CrossOriginOpenerPolicy,
    PermissionsPolicy,
    ReferrerPolicy,
    Secure,
    StrictTransportSecurity,
    XContentTypeOptions,
    XFrameOptions,
)

# The longest request target (path and query string, as sent) the app reads: longer is a 414,
# as problem+json under /api. gunicorn's own limit on the whole request line is set above it
# (`--limit-request-line 8190`, deploy/sentra.service and the Makefile), so that the app, not
# gunicorn's bare-text 400, answers; nginx's (8 KB) is above it too.
MAX_URL_LENGTH = 4096
URL_TOO_LONG = _l("This address is too long: the store reads addresses of at most "
                  "%(limit)s characters.", limit=MAX_URL_LENGTH)
NUL = "\x00"
NUL_REFUSED = _l("The address or form held a character that cannot be stored (a NUL byte). "
                 "Remove it and try again.")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
STRIPE_CHECKOUT = "https://checkout.stripe.com"
SELF = "'self'"
NONE = "'none'"


# --- Requests -----------------------------------------------------------------------------

def same_origin() -> bool:
    """The request comes from a page of this site (Origin, else Referer, matches our host).

    Used for "add to cart" and the favourites heart on storefront pages, which carry no CSRF
    token so that anonymous browsing needs no session and pages can be cached; the session
    cookie is SameSite=Lax as well, so a cross-site POST carries no cart and no log-in anyway.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.netloc == request.host and parts.scheme in ("http", "https")


def refuse_unreadable_requests() -> None:
    """414 for an address too long; for a NUL, 404 in the path and 400 in the query string or
    a form."""
    environ = request.environ
    # The target as the client sent it (gunicorn: RAW_URI; werkzeug: REQUEST_URI).
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
    if len(target) > MAX_URL_LENGTH:
        abort(414, description=URL_TOO_LONG)
    if NUL in request.path:
        abort(404)
    query = request.query_string
    # A decoded NUL can only come from "%00" or a raw NUL: the common case parses nothing here.
    if (b"%00" in query or b"\x00" in query) and _holds_nul(request.args.items(multi=True)):
        abort(400, description=NUL_REFUSED)
    if request.method in _BODY_METHODS and request.mimetype in _FORM_TYPES:
        if _holds_nul(request.form.items(multi=True)) or any(
                NUL in (name + (upload.filename or ""))
                for name, upload in request.files.items(multi=True)):
            abort(400, description=NUL_REFUSED)


def _holds_nul(items) -> bool:
    return any(NUL in key or NUL in value for key, value in items)


# --- Headers ------------------------------------------------------------------------------

def _origin(url: str | None) -> str | None:
    """`https://cdn.example.id` of an absolute (or scheme-relative) URL; None for a path."""
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    return f"{parts.scheme or 'https'}://{parts.netloc}"


@functools.lru_cache(maxsize=16)
def security_headers(media_url: str, checkout_origin: str | None, hsts_max_age: int
                     ) -> dict[str, str]:
    """The headers for these settings (built once per combination)."""
    images = [SELF] + [origin for origin in [_origin(media_url)] if origin]
    forms = [SELF] + ([checkout_origin] if checkout_origin else [])
    csp = (ContentSecurityPolicy()
           .default_src(SELF)
           .script_src(SELF)
           .style_src(SELF)
           .img_src(*images)
           .font_src(SELF)
           .connect_src(SELF)
           .form_action(*forms)
           .frame_ancestors(NONE)
           .base_uri(NONE)
           .object_src(NONE))
    headers = dict(
        csp=csp,
        xcto=XContentTypeOptions().nosniff(),
        xfo=XFrameOptions().deny(),
        referrer=ReferrerPolicy().strict_origin_when_cross_origin(),
        # Features no page of the store uses (photo uploads use a file input, not the camera
        # API). Only names Chromium knows: an unknown one is logged as a console error.
        permissions=PermissionsPolicy().accelerometer().camera().geolocation().gyroscope()
        .magnetometer().microphone().payment().usb(),
        coop=CrossOriginOpenerPolicy().same_origin(),
    )
    if hsts_max_age > 0:
        # Browsers heed it only over HTTPS; production is served only over HTTPS.
        csp.upgrade_insecure_requests()
        headers["hsts"] = StrictTransportSecurity().max_age(hsts_max_age)
    return dict(Secure(**headers).headers)


def _checkout_origin(config) -> str | None:
    """Where the card payment's redirect goes: a form's navigation that ends there (checkout →
    /orders/<n>/pay → Stripe) is held to `form-action` all along its redirects."""
    if not config.get("STRIPE_SECRET_KEY"):
        return None
    return _origin(config.get("STRIPE_API_BASE")) or STRIPE_CHECKOUT


def add_security_headers(response: Response) -> Response:
    config = current_app.config
    # Appended, not `update`d: no other code sets these headers (tests/test_security_headers.py
    # holds every page to one of each), and `update` scanned the response's headers once per
    # header on every request, a cached page's included.
    response.headers.extend(security_headers(config["MEDIA_URL"], _checkout_origin(config),
                                              int(config.get("HSTS_MAX_AGE", 0))))
    return response


def init_app(app: Flask) -> None:
    # First of all `before_request` functions, ahead of the page cache's answer.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unreadable_requests)
    app.after_request(add_security_headers)
    # A page answered from the page cache is finished apart (marketplace.Sentra): it too.
    getattr(app, "cached_answer_funcs", []).append(add_security_headers)
