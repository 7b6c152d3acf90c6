"""Jinja filters and globals shared by every page (the shell's; each blueprint registers its
own in its package's `_template_globals`, on `bp.record_once`)."""
from __future__ import annotations

import hashlib
import threading
import time
from functools import cache
from datetime import UTC
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from cachetools import LRUCache
from flask import Flask, current_app, g, get_template_attribute, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from marketplace import caching
from marketplace.accounts.logins import EXPIRED_LOGINS_ONLY
from marketplace.accounts.models import Role, User, UserLogin, UserRole
from marketplace.catalog import currencies
from marketplace.catalog.media_storage import media_url
from marketplace.catalog.models import Shop
from marketplace.catalog.packaging_quality import assess, is_well_packaged
from marketplace.catalog.photo_pipeline import image_url
from marketplace.catalog.services import increment_setting
from marketplace.catalog.versions import SESSIONS_VERSION_KEY, stored_versions
from marketplace.extensions import db
from marketplace.language import current_language, format_idr, format_moment


@cache
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """A static URL that changes when the file does, so it can be cached for a year."""
    path = Path(current_app.static_folder or "") / filename
    try:
        version = _file_digest(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "0"
    return url_for("static", filename=filename, v=version)


def language_switch_url(language: str) -> str:
    """A plain link (no form, no session) that sets the language and comes back here."""
    # Without `lang`: the page comes back in the language just chosen, not the one its
    # address asked for (a visitor who came from a search engine's English link).
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    here = request.path + ("?" + urlencode(args) if args else "")
    return url_for("core.set_language", language=language, next=here)


def current_user_shop_slug() -> str | None:
    """The signed-in user's shop, for the header (one small query, once per request)."""
    if not current_user.is_authenticated:
        return None
    if "user_shop_slug" not in g:
        g.user_shop_slug = db.session.scalar(
            sa.select(Shop.slug).where(Shop.owner_id == current_user.id)
        )
    return g.user_shop_slug


# --- The layout's per-person parts (caching.personal_part) ---------------------------------
#
# A signed-in visitor's header data is kept in the cache per log-in and per sessions version,
# so that a shared page is answered for them from the cache with no query (caching.py). Why
# this is as strict as loading the user on every request, within CACHE_VERSION_TTL:
# - It is kept only by a request that loaded the user from the database (the log-in was live)
#   after reading the sessions version, and under that version.
# - Every end of a log-in (log-out, "sign out everywhere", a password change or reset, an
#   erasure) and every change to what the header shows (name, roles, a shop's owner) bumps the
#   version in the same transaction (`_note_session_changes`). The process that committed it
#   forgets its versions at once; every other process and server reads the new one within
#   CACHE_VERSION_TTL (1 s), as for the catalogue's data, whatever cache each one has (per
#   process or Redis): a key under the new version holds nothing yet, so the next request of
#   every signed-in visitor goes the full way once, and a revoked one is signed out.
# - A log-in also ends by age: what is kept says when, and is not used after.


def current_viewer() -> caching.Viewer:
    """This request's visitor, from the database (Flask-Login loads the user)."""
    has_session = bool(session)
    if not current_user.is_authenticated:
        return caching.Viewer(has_session=has_session)
    return caching.Viewer(
        has_session=has_session, signed_in=True, name=current_user.name,
        has_shop=current_user_shop_slug() is not None,
        centre_staff=current_user.has_role(Role.CENTRE_STAFF),
        admin=current_user.has_role(Role.ADMIN))


def _viewer_key(login_id: str) -> str:
    # The log-in's token is hashed into the key, never kept as it is.
    version = stored_versions().get(SESSIONS_VERSION_KEY, "0")
    return caching.VIEWER_PREFIX + hashlib.blake2b(f"{version}\x1f{login_id}".encode(),
                                                   digest_size=16).hexdigest()


def known_viewer(login_id: str) -> caching.Viewer | None:
    """The viewer kept for this live log-in at the current sessions version, else None."""
    kept = caching._get(_viewer_key(login_id))
    if kept is None:
        return None
    viewer, ends = kept
    if time.time() >= ends:
        return None
    return caching.Viewer(has_session=True, **viewer)


def remember_viewer(viewer: caching.Viewer) -> None:
    """Keep the signed-in visitor of this request (just loaded from the database) for the
    next requests of this log-in."""
    user = current_user._get_current_object()
    if not viewer.signed_in or user.login_ends_at is None:
        return
    ends = user.login_ends_at.replace(tzinfo=UTC).timestamp()
    fields = dict(signed_in=True, name=viewer.name, has_shop=viewer.has_shop,
                  centre_staff=viewer.centre_staff, admin=viewer.admin)
    caching._set(_viewer_key(user.get_id()), (fields, ends))


# A part is rendered once per process for each way it can look (a memo of its HTML), with a
# mark where the CSRF token goes: from the cache, filling a hole costs a dictionary look-up
# and signing the token, not a macro's gettext and url_for calls. NUL never occurs in a name.
_TOKEN_MARK = "\x00csrf\x00"
_PARTS = "sentra.personal_parts"  # app.extensions: the memo, one per app
_PARTS_KEPT = 4096


_PART_NAMES = ("nav", "notices", "footer")


def fill_personal_part(name: str, viewer: caching.Viewer) -> str:
    """One of the layout's holes for `viewer`: a macro of templates/_personal.html."""
    return personal_parts(viewer, (name,))[name]


def personal_parts(viewer: caching.Viewer, names: tuple[str, ...] = _PART_NAMES
                   ) -> dict[str, str]:
    """The holes `names` (all by default) of the layout for `viewer`, CSRF token in place."""
    if g.get("acting_for") or session.get("_flashes"):
        # Seen once (the messages are taken from the session): rendered, never kept.
        parts = {name: _render_part(name, viewer) for name in names}
    else:
        cart = request.cookies.get("cart_count", "") if viewer.has_session else ""
        key = (viewer, current_language(), request.script_root, cart,
               None if viewer.signed_in else request.args.get("next"))
        memo, lock = current_app.extensions[_PARTS]
        with lock:
            parts = memo.get(key)
        if parts is None:
            parts = {name: _render_part(name, viewer) for name in _PART_NAMES}
            with lock:
                memo[key] = parts
    if len(parts) > len(names):
        parts = {name: parts[name] for name in names}
    if any(_TOKEN_MARK in html for html in parts.values()):
        token = _signed_csrf_token()
        parts = {name: html.replace(_TOKEN_MARK, token) for name, html in parts.items()}
    return parts


def _render_part(name: str, viewer: caching.Viewer) -> str:
    return str(get_template_attribute("_personal.html", name)(viewer, _TOKEN_MARK))


_SIGNED_TOKENS = "sentra.signed_csrf_tokens"  # app.extensions: raw token -> signed


def _signed_csrf_token() -> str:
    """Flask-WTF's `generate_csrf()`. With no time limit on tokens (WTF_CSRF_TIME_LIMIT None,
    config.py) any token signed for the session's raw token is valid as long as the session,
    so one is signed per raw token and process, not one per page."""
    config = current_app.config
    raw = session.get(config["WTF_CSRF_FIELD_NAME"])
    if (not isinstance(raw, str) or config.get("WTF_CSRF_TIME_LIMIT", 3600) is not None
            or "csrf_token" in g):
        return generate_csrf()
    signed, lock = current_app.extensions[_SIGNED_TOKENS]
    with lock:
        token = signed.get(raw)
    if token is None:
        token = generate_csrf()
        with lock:
            signed[raw] = token
    return token


def bump_sessions_version(executor) -> None:
    """Call in a transaction that ends a log-in or changes what the header shows of a person
    (the ORM changes are caught by `_note_session_changes`; bulk statements call it)."""
    increment_setting(executor, SESSIONS_VERSION_KEY)


_HEADER_FIELDS = {User: ("name", "is_active", "erased_at", "password_hash"),
                  Shop: ("owner_id",)}
_BUMP = "sentra.bump_sessions_version"


def _note_session_changes(session_, flush_context=None, instances=None) -> None:
    """before_flush: remember whether this transaction changes a log-in or the header."""
    for obj in (*session_.new, *session_.deleted):
        if isinstance(obj, UserRole | Shop) or (isinstance(obj, UserLogin)
                                                and obj in session_.deleted):
            session_.info[_BUMP] = True
            return
    for obj in session_.dirty:
        fields = _HEADER_FIELDS.get(type(obj))
        if fields is None and isinstance(obj, UserRole):
            fields = ("role", "user_id")
        if fields and any(sa.inspect(obj).attrs[f].history.has_changes() for f in fields):
            session_.info[_BUMP] = True
            return


def _note_bulk_changes(state) -> None:
    """do_orm_execute: a bulk DELETE or UPDATE of log-ins, roles, users or shops (but the
    clearing of expired log-ins at every log-in: nothing kept outlives its log-in anyway)."""
    if state.execution_options.get(EXPIRED_LOGINS_ONLY):
        return
    if (state.is_delete or state.is_update) and any(
            mapper.class_ in (UserLogin, UserRole, User, Shop) for mapper in state.all_mappers):
        state.session.info[_BUMP] = True


def _bump_before_commit(session_) -> None:
    session_.flush()  # changes still pending are noted now, not in the commit's own flush
    if session_.info.pop(_BUMP, None):
        bump_sessions_version(session_)


def _forget_at_end(session_, transaction) -> None:
    if transaction.parent is None:  # the whole transaction ended (rolled back: nothing changed)
        session_.info.pop(_BUMP, None)


def _listen_for_session_changes() -> None:
    from sqlalchemy.orm import Session

    for name, function in (("before_flush", _note_session_changes),
                           ("do_orm_execute", _note_bulk_changes),
                           ("before_commit", _bump_before_commit),
                           ("after_transaction_end", _forget_at_end)):
        if not sa.event.contains(Session, name, function):
            sa.event.listen(Session, name, function)


def approximate_prices(amount_idr: int):
    """The amount in the display currencies (catalog.currencies), for a line beside the rupiah
    price; None when there are no rates. One query per request, whatever the page shows."""
    return currencies.approximate(amount_idr, currencies.rates_for_display(), current_language())


def packaging_assessment(product):
    """The packaging score's checklist for a listing (its details loaded): score and steps left."""
    return assess(product)


def well_packaged(product) -> bool:
    """The "kemasan lengkap" mark: the stored score reaches the configured threshold."""
    return is_well_packaged(product.packaging_score, current_app.config["PACKAGING_COMPLETE_SCORE"])


def register(app: Flask) -> None:
    app.jinja_env.filters["idr"] = format_idr
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals.update(
        asset_url=asset_url,
        media_url=media_url,
        image_url=image_url,
        language_switch_url=language_switch_url,
        current_language=current_language,
        current_user_shop_slug=current_user_shop_slug,
        approximate_prices=approximate_prices,
        packaging_assessment=packaging_assessment,
        well_packaged=well_packaged,
    )
    app.extensions["sentra.personal"] = caching.Personal(
        current=current_viewer, known=known_viewer, remember=remember_viewer,
        fill=fill_personal_part, fills=personal_parts)
    # Least recently used forgotten first (cachetools: a hit reorders the cache, hence a lock
    # each, as gunicorn may run threads); were they emptied when full, every signed-in
    # visitor's parts or token would be made again at once.
    app.extensions[_PARTS] = (LRUCache(_PARTS_KEPT), threading.Lock())
    app.extensions[_SIGNED_TOKENS] = (LRUCache(_PARTS_KEPT), threading.Lock())
    _listen_for_session_changes()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
