"""Storefront caching: conditional GET, whole pages for visitors without a session, and
page fragments for everyone, all keyed by the versions of the data under them.

How a storefront page is answered (`cached_page`):

1. The route names the data versions the page depends on (one small query per request,
   e.g. `catalog.versions.page_versions()`). With the release, the language and the URL they
   make the page's key and its ETag.
2. A visitor without a session or remember-me cookie gets shared HTML: a matching
   `If-None-Match` is answered 304 before anything is loaded or rendered; otherwise the whole
   page comes from the cache, or is rendered once and stored.
3. A visitor with a session (signed in, a cart, a CSRF token) gets the same shared HTML with
   its per-person "holes" filled for them: the layout marks them with `personal_part(name)`
   (the account menu with its name and log-out form's CSRF token, the cart count, flash
   messages, the footer's "My data"), and the page is kept as the HTML between the holes (its
   "shell"). From the cache, filling the holes is a few small macros, not a page render, and
   costs no query: the signed-in visitor's header data (name, shop, roles) is kept in the
   cache per log-in and per *sessions version* (see `Personal`), answered, like an anonymous
   page, in the first `before_request` hook. Anything unusual (a flash message, a remember-me
   cookie to read, a log-in not seen since the sessions version changed, a session key this
   module does not know) takes the full path: the user is loaded and the holes filled from
   the database; the shell (and, when it misses, the fragments marked
   `{% fragment "name" %}…{% endfragment %}`) still come from the cache.

Nothing is ever deleted to invalidate: a change bumps a version (see
`catalog.services.bump_catalogue_version`), keys change with it, and old entries age out
(CACHE_DEFAULT_TIMEOUT; least-recently-used first under memory pressure).
"""
from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    session,
)
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

from marketplace import aftercommit
from marketplace.extensions import cache
from marketplace.language import language_code
from marketplace.config import PROJECT_ROOT
from marketplace.sessions import session_identifier

log = logging.getLogger(__name__)

PAGE_PREFIX = "page:"
SHELL_PREFIX = "shell:"
FRAGMENT_PREFIX = "fragments:"
VALUE_PREFIX = "value:"
VIEWER_PREFIX = "viewer:"  # a log-in's header data, under the sessions version (templating)
# Every key under these carries the versions of what it holds, so it never changes meaning:
# with Redis, each process may keep its own copy (marketplace/tiered_cache.py).
VERSIONED_PREFIXES = (PAGE_PREFIX, SHELL_PREFIX, FRAGMENT_PREFIX, VALUE_PREFIX, VIEWER_PREFIX)
# What this request read once (the data versions, catalog.versions.stored_versions; a curation
# without a version): forgotten at every commit, which may have changed them.
VERSIONS_G_KEY = "sentra_versions"
CURATION_G_KEY = "sentra_curation"


# --- Fragments in templates ---------------------------------------------------------------

@dataclass
class _FragmentRender:
    """The fragments of the page being rendered: given from the cache, or captured."""

    cached: dict[str, str]
    captured: dict[str, str] = field(default_factory=dict)


class FragmentExtension(Extension):
    """`{% fragment "content" %}…{% endfragment %}`: HTML that is the same for every visitor
    of this URL in this language at these data versions.

    Outside `cached_page` (an error page, a 400) the body is simply rendered. Every part of a
    cached page's template that uses the page's data must sit inside a fragment, and no
    fragment may sit inside an `{% if %}` on that data: on a cache hit the route loads nothing
    and the template gets no data.
    """

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_fragment", [name]), [], [], body).set_lineno(
            lineno
        )

    @staticmethod
    def _fragment(name: str, caller) -> str:
        state: _FragmentRender | None = g.get("sentra_fragments")
        if state is None:
            return caller()
        if name in state.cached:
            return Markup(state.cached[name])
        html = caller()
        state.captured[name] = str(html)
        return html


# --- Keys ---------------------------------------------------------------------------------

def has_session() -> bool:
    """Whether this visitor may see anything of their own: a session or remember-me cookie.

    Read from the request's cookies, not from `session`, so that asking never opens one.
    """
    config = current_app.config
    return bool(
        request.cookies.get(config["SESSION_COOKIE_NAME"])
        or request.cookies.get(config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    )


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def page_key(versions: Iterable[object]) -> str:
    """This URL, in this language, at these data versions, from this release."""
    # The host too, although pages hold only relative links: a forged Host header can then
    # never put a page into the cache that other visitors get.
    return _digest(current_app.extensions["sentra.release"], *versions, language_code(),
                   request.host, request.full_path)


def release_digest(app: Flask) -> str:
    """What the HTML depends on besides the data: templates, translations, static files
    (their hashes are in the HTML) and the RELEASE setting. A deployment changes it, so no
    page rendered by the old code is served by the new one, and no browser keeps one."""
    return _release_digest(app.config.get("RELEASE", ""))


@functools.cache  # once per process: files change with a deployment, which restarts it
def _release_digest(release: str) -> str:
    digest = hashlib.blake2b(release.encode(), digest_size=8)
    roots = [PROJECT_ROOT / "marketplace", PROJECT_ROOT / "static"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".mo", ".css", ".js", ".svg"} and path.is_file():
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


# --- Per-person parts ---------------------------------------------------------------------

# A hole in a shell: NUL never occurs in a page (refused at the edge, security.py, and
# PostgreSQL's text cannot hold it), so `html.split(HOLE)` gives the shared text at even
# indices and the holes' names at odd ones.
HOLE = "\x00"
SHELL_G_KEY = "sentra_shell"

# The session keys a shared page may be answered from the cache with (see `_personal_answer`).
# Any other key may change what a page shows (a flash message, a staff member acting for a
# shop, a consent to ask for, a remember-me cookie to set or clear...): full path. Adding a
# session key that changes nothing on a storefront page means adding it here, or those
# visitors get the slower path (never a wrong page).
PLAIN_SESSION_KEYS = frozenset({
    "_user_id", "_fresh", "_id", "_remember_seconds",  # Flask-Login's log-in (checked below)
    "csrf_token",  # Flask-WTF's raw token (each page signs it for its forms)
    "cart", "guest_orders", "checkout_address", "checkout_email",  # orders: not on these pages
})


@dataclass(frozen=True)
class Viewer:
    """Who the per-person parts are for: what the layout's holes need, nothing more."""

    has_session: bool
    signed_in: bool = False
    name: str = ""
    has_shop: bool = False
    centre_staff: bool = False
    admin: bool = False


ANONYMOUS = Viewer(has_session=False)


@dataclass
class Personal:
    """What the App shell (marketplace.templating) tells this module about people.

    `current` is the visitor of this request from the database (the full path: Flask-Login
    loads the user); `known(login_id)` the signed-in visitor's Viewer kept by `remember`
    for this log-in at the current sessions version, or None; `remember(viewer)` keeps the
    current visitor's for the next requests; `fill(name, viewer)` renders one hole.
    """

    current: Callable[[], Viewer]
    known: Callable[[str], Viewer | None]
    remember: Callable[[Viewer], None]
    fill: Callable[[str, Viewer], str]
    fills: Callable[[Viewer], dict[str, str]]  # every part at once, for a shell


def _personal() -> Personal:
    return current_app.extensions["sentra.personal"]


def personal_part(name: str) -> Markup:
    """`{{ personal_part("nav") }}` in the layout: the hole while a shell is rendered, else
    the part for this request's visitor (every page not answered through `cached_page`)."""
    if g.get(SHELL_G_KEY):
        return Markup(HOLE + name + HOLE)
    personal = _personal()
    return Markup(personal.fill(name, personal.current()))


def _fill(shell: list[str], viewer: Viewer) -> str:
    fills = _personal().fills(viewer)
    parts = shell[:]
    for index in range(1, len(parts), 2):
        parts[index] = fills[parts[index]]
    return "".join(parts)


def _personal_answer(key: str) -> Response | None:
    """A shared page for a visitor with a session, answered from the cache before any view
    ran, or None for the full path. Strict: a log-in counts only if the full path saw it
    live at the current sessions version (templating.known_viewer), which every log-out,
    "sign out everywhere", password change and erasure changes."""
    config = current_app.config
    if (not session or not PLAIN_SESSION_KEYS.issuperset(session.keys())
            or config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")):
        return None
    login_id = session.get("_user_id")
    if login_id is None:
        # Flask-Login would sign the visitor in from a remember-me cookie.
        if request.cookies.get(config.get("REMEMBER_COOKIE_NAME", "remember_token")):
            return None
        viewer = Viewer(has_session=True)
    else:
        if "csrf_token" not in session:  # the log-out form would open one: a session write
            return None
        # Flask-Login's session protection ("basic") would mark a session from another
        # browser or address not fresh: a session write, so the full path does it.
        if session.get("_fresh") is not False and session.get("_id") != session_identifier():
            return None
        viewer = _personal().known(login_id)
        if viewer is None:
            return None
    shell = _get(SHELL_PREFIX + key)
    if shell is None:
        return None
    answer = CachedAnswer(_fill(shell, viewer), headers=[
        ("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "private, no-cache"),
        ("Vary", "Cookie")])
    if login_id is not None:  # for the request log
        answer.user_id = int(login_id.partition(":")[0])
    return answer


# --- Pages --------------------------------------------------------------------------------

def _shared_headers(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    # Browsers may keep the page but must ask again (a 304 costs next to nothing): a product's
    # stock or price is never shown stale from a browser's cache.
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")  # the language, and whether the visitor has a session
    return response


def shared_page(versions: Callable[[], Iterable[object]]):
    """Mark a view whose page may be shared by visitors without a session; `versions` names
    the data versions it depends on. Such visitors are then answered (304, or the cached page)
    before any other `before_request` work, the rate limiter's included; the view itself,
    through `cached_page`, renders and stores what the cache does not hold yet."""

    def decorate(view):
        view.shared_page_versions = versions
        return view

    return decorate


class CachedAnswer(Response):
    """A shared page (or its 304) answered from the cache before any view ran, for a visitor
    without a session, or with one (`_personal_answer`: its holes filled, its session unchanged).

    The app (marketplace.Sentra.process_response) finishes it with only what such an answer
    needs: the security headers, the request id, a count and the request line. The other
    `after_request` hooks have nothing to do for it: it is a GET or HEAD of a storefront page,
    no rate limit was checked, no view ran, nothing was committed, and the session (if any) was
    not changed (nothing to save, no remember-me cookie to set or clear).
    """

    from_page_cache = True
    user_id: int | None = None  # the signed-in visitor's, for the request log

    def get_wsgi_headers(self, environ):
        """werkzeug copies a response's headers (validating each one again) to fix a Location,
        a Content-Location, the entity headers of a 304 or a missing Content-Length: a 200
        answered from the cache has none of these (its length is set with its body, and it
        never carries a Location), so its headers go out as they are. The copy was a
        twentieth of the cost of such an answer."""
        if self.status_code == 200:
            return self.headers
        return super().get_wsgi_headers(environ)


def _shared_answer(key: str, from_hook: bool = False) -> Response | None:
    """304 when the browser holds this page already, else the page from the cache, if any."""
    if not from_hook:
        if request.if_none_match.contains_weak(key):
            return _shared_headers(Response(status=304), key)
        body = _get(PAGE_PREFIX + key)
        if body is not None:
            return _shared_headers(Response(body, mimetype="text/html"), key)
        return None
    # The same answers with their headers written at once (what _shared_headers sets).
    headers = [("Content-Type", "text/html; charset=utf-8"), ("ETag", f'W/"{key}"'),
               ("Cache-Control", "no-cache"), ("Vary", "Cookie")]
    if request.if_none_match.contains_weak(key):
        return CachedAnswer(status=304, headers=headers)
    body = _get(PAGE_PREFIX + key)
    if body is not None:
        return CachedAnswer(body, headers=headers)
    return None


def _answer_from_cache() -> Response | None:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return None
    versions = getattr(current_app.view_functions.get(request.endpoint), "shared_page_versions",
                       None)
    if versions is None:
        return None
    if has_session():
        return _personal_answer(page_key(versions()))
    return _shared_answer(page_key(versions()), from_hook=True)


def cached_page(template: str, load: Callable[[], dict | Response | None],
                versions: Iterable[object]) -> Response:
    """Answer a storefront page from the caches when possible (see the module's docstring).

    `load()` returns the template's context, or None for a 404, or a Response for an answer
    that is not cached (e.g. a 400 for filters that make no sense).
    """
    key = page_key(versions)
    shared = not has_session()
    if shared and (answer := _shared_answer(key)) is not None:  # a view not marked shared_page
        return answer

    # Whether this request's user (if any) is loaded after the versions were read: only then
    # may it be remembered under them (read at the call, before this function ran).
    user_unread = "_login_user" not in g
    shell = _get(SHELL_PREFIX + key)
    if shell is None:
        answer = _render_shell(template, load, key)
        if isinstance(answer, Response):
            return answer
        shell, clean = answer
        if clean:
            _set(SHELL_PREFIX + key, shell)

    if not shared:
        viewer = _personal().current()
        if user_unread and viewer.signed_in:
            _personal().remember(viewer)
        response = Response(_fill(shell, viewer), mimetype="text/html")
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    body = _fill(shell, ANONYMOUS).encode()
    # A page that opened a session while rendering carries something of this visitor's
    # (a CSRF token...): it must not be shared. Caught here rather than trusted.
    if session.modified:
        log.warning("%s wrote to the session while rendering; not cached", request.path)
        return Response(body, mimetype="text/html")
    _set(PAGE_PREFIX + key, body)
    return _shared_headers(Response(body, mimetype="text/html"), key)


def _render_shell(template: str, load: Callable[[], dict | Response | None],
                  key: str) -> tuple[list[str], bool] | Response:
    """The page with holes for its per-person parts, split at them, and whether it may be kept
    (nothing wrote to the session while it was rendered); its fragments from the cache when
    there, else loaded, rendered and kept. A Response when `load` answers itself."""
    fragments = _get(FRAGMENT_PREFIX + key)
    g.sentra_fragments = state = _FragmentRender(cached=fragments or {})
    had_token, modified = "csrf_token" in g, session.modified
    setattr(g, SHELL_G_KEY, True)
    try:
        if fragments is None:
            context = load()
            if context is None:
                abort(404)
            if isinstance(context, Response):  # rendered by the route, not cached
                return context
            html = render_template(template, **context)
            _set(FRAGMENT_PREFIX + key, state.captured)
        else:
            html = render_template(template)
    finally:
        g.pop("sentra_fragments", None)
        g.pop(SHELL_G_KEY, None)
    shell = html.split(HOLE)
    if not had_token and "csrf_token" in g:
        # A CSRF token outside the holes would be one visitor's token in everyone's page.
        log.warning("%s signed a CSRF token outside the personal parts; not cached", request.path)
        response = Response(_fill(shell, _personal().current()), mimetype="text/html")
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    if len(shell) % 2 == 0:
        raise ValueError(f"{template}: a page's text holds a NUL byte")
    return shell, not had_token and (modified or not session.modified)


def cached_value(name: str, versions: Iterable[object], compute: Callable[[], object],
                 keep: Callable[[object], bool] | None = None):
    """A small computed value (a count, an aggregate) kept until the versions change (and
    only when `keep(value)` says so, if given)."""
    key = VALUE_PREFIX + _digest(name, *versions)
    value = _get(key)
    if value is None:
        value = compute()
        if keep is None or keep(value):
            _set(key, value)
    return value


# A cache that cannot be reached (Redis restarting) is a cache that holds nothing: pages are
# rendered, slower, rather than failing. Logged once a minute per process, not per request.
_last_warning = 0.0


def _cache_failed(error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        log.warning("storefront cache unavailable, rendering without it: %s", error)


def _get(key: str):
    try:
        return cache.get(key)
    except Exception as error:  # redis.ConnectionError and friends, whatever the backend
        _cache_failed(error)
        return None


def _set(key: str, value) -> None:
    try:
        cache.set(key, value)
    except Exception as error:
        _cache_failed(error)


# --- Data versions -----------------------------------------------------------------------

def _forget_versions() -> None:
    """At every commit (aftercommit.on_every_commit): what this request read may have changed."""
    g.pop(VERSIONS_G_KEY, None)
    g.pop(CURATION_G_KEY, None)
    current_app.extensions.pop(_REMEMBERED_VERSIONS, None)


_REMEMBERED_VERSIONS = "sentra.versions"


def remembered_versions(read: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The data versions, read from the database at most once per CACHE_VERSION_TTL seconds
    by this process (0: on every request).

    With a cached page costing little more than Flask's own work, that one query was a third
    of it. The process that commits a change forgets what it remembered at once (so its next
    page shows the change); the other processes and servers see it within the TTL, 1 second
    by default. Nothing is ever cached under a version older than its data: versions are
    read before data, whether now or a second ago.
    """
    ttl = current_app.config.get("CACHE_VERSION_TTL", 0)
    if ttl <= 0:
        return read()
    now = time.monotonic()
    remembered = current_app.extensions.get(_REMEMBERED_VERSIONS)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    versions = read()
    current_app.extensions[_REMEMBERED_VERSIONS] = (now + ttl, versions)
    return versions


# --- Set-up -------------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    """The cache (in process, or Redis), the `{% fragment %}` tag and forgetting the data
    versions at every commit."""
    app.config.setdefault("CACHE_LOCAL_PREFIXES", VERSIONED_PREFIXES)
    cache.init_app(app)
    app.extensions["sentra.release"] = release_digest(app)
    app.jinja_env.add_extension(FragmentExtension)
    app.jinja_env.globals["personal_part"] = personal_part
    # First of all `before_request` functions: a cached page answered here costs no more than
    # Flask's own work (the rate limiter's look-up alone would cost as much again).
    app.before_request_funcs.setdefault(None, []).insert(0, _answer_from_cache)
    aftercommit.on_every_commit(_forget_versions)
