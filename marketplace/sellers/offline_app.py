"""The seller area as an app on the phone's home screen, readable when the signal drops.

- `/seller/manifest.webmanifest`: the web app manifest (name, icons, `start_url` the
  dashboard, `scope` the seller area, standalone), linked from the seller pages' head only.
- `/seller/sw.js`: the service worker (static/js/seller-sw.js with the current shell's URLs
  written in front of it). Served under /seller/ so that its scope is the seller area and no
  `Service-Worker-Allowed` header is needed; the CSP's `script-src 'self'` covers it (workers
  fall back to it). What it keeps: the shell (CSS, scripts, font, icons), the offline page and
  the last dashboard seen by the person signed in, nothing else; never a POST.
- `/seller/offline`: the page the worker shows for a seller page it cannot fetch. It reads no
  session (it is kept on the device for whoever is signed in) and takes its language from
  `?lang=` (the worker keeps one per language).

Nobody's pages outlive their session on a shared phone: log-out (and "sign out everywhere")
answers with `Clear-Site-Data: "cache", "storage"`, which empties the worker's caches and
unregisters it (the seller page's script also empties them when the log-out form is sent, for
browsers without the header). A log-in clears them too when the browser last served someone
else, or nobody known: a long-lived `sentra_offline_owner` cookie holds a keyed hash of whose
pages this browser may keep (an opaque HMAC, never the id), so a seller whose session merely
expired keeps the dashboard and any draft saved on the phone when signing in again.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
from pathlib import Path

from flask import Response, after_this_request, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import user_logged_in, user_logged_out

from marketplace.sellers import bp

OWNER_COOKIE = "sentra_offline_owner"
CLEAR_SITE_DATA = '"cache", "storage"'
ONE_YEAR = 60 * 60 * 24 * 365
ICON_SIZES = (192, 512)
# The files the seller pages load besides their HTML, versioned as the pages ask for them.
SHELL_ASSETS = ("css/site.css", "js/site.js", "js/seller-app.js", "favicon.svg")
SHELL_PLAIN = ("fonts/PlusJakartaSans-latin.woff2", "icons/pin.svg", "icons/check.svg",
               "icons/box.svg", "icons/heart.svg", "icons/heart-filled.svg")


@functools.lru_cache(maxsize=4)
def design_colours(css_path: str) -> dict[str, str]:
    """`--brand` and `--bg` of the design tokens (static/css/site.css), for the manifest and
    the theme-color meta, so that they follow the stylesheet."""
    css = Path(css_path).read_text(encoding="utf-8")
    found = dict(re.findall(r"--(brand|bg):\s*(#[0-9a-fA-F]{3,8})", css))
    return {"theme": found.get("brand", "#a3301b"), "background": found.get("bg", "#ffffff")}


def theme_colours() -> dict[str, str]:
    return design_colours(str(Path(current_app.static_folder or "") / "css" / "site.css"))


def _language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in current_app.config["LANGUAGES"] else \
        current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.get("/manifest.webmanifest")
def manifest():
    colours = theme_colours()
    icons = []
    for size in ICON_SIZES:
        for purpose, name in (("any", f"seller-{size}.png"),
                              ("maskable", f"seller-maskable-{size}.png")):
            icons.append({"src": url_for("static", filename=f"icons/app/{name}"),
                          "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose})
    body = {
        "id": url_for("orders.seller_dashboard"),
        "name": _("Sentra Sellers"),
        "short_name": _("Sentra shop"),
        "description": _("Your Sentra shop: orders to ship, stock and listings, also on a slow "
                         "connection."),
        "lang": _language(),
        "dir": "ltr",
        "start_url": url_for("orders.seller_dashboard"),
        "scope": url_for("orders.seller_dashboard"),
        "display": "standalone",
        "theme_color": colours["theme"],
        "background_color": colours["background"],
        "icons": icons,
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def shell_urls() -> list[str]:
    # The pages' own `asset_url` (the shell's templating sets it; this package may not import
    # the shell), so that the worker keeps exactly the URLs the pages ask for.
    asset_url = current_app.jinja_env.globals["asset_url"]
    return ([asset_url(name) for name in SHELL_ASSETS]
            + [url_for("static", filename=name) for name in SHELL_PLAIN])


@bp.get("/sw.js")
def service_worker():
    source = (Path(current_app.static_folder or "") / "js" / "seller-sw.js").read_text("utf-8")
    languages = current_app.config["LANGUAGES"]
    settings = {
        "shell": shell_urls(),
        "dashboard": url_for("orders.seller_dashboard"),
        "offline": {lang: url_for("sellers.offline_page", lang=lang) for lang in languages},
        "defaultLanguage": current_app.config["BABEL_DEFAULT_LOCALE"],
    }
    # The version changes with the shell and the worker's own code, so that browsers install
    # the new worker (a byte-different script) and drop the old shell.
    fingerprint = json.dumps(settings, sort_keys=True) + source
    version = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    settings["version"] = version
    body = f"self.SENTRA = {json.dumps(settings)};\n{source}"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline_page():
    response = Response(render_template("sellers/offline.html", lang=_language(),
                                        colours=theme_colours()))
    response.headers["Cache-Control"] = "no-cache"
    return response


# --- Whose pages this browser may keep ------------------------------------------------------

def owner_key(user_id: object) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"offline-owner:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


@user_logged_in.connect
def _on_log_in(_app, user, **_extra) -> None:
    key = owner_key(user.id)  # not get_id(): that changes with every session
    previous = request.cookies.get(OWNER_COOKIE)

    @after_this_request
    def _mark_owner(response: Response) -> Response:
        if previous is None or not hmac.compare_digest(previous, key):
            # Someone else (or nobody known) used this browser last: nothing of theirs stays.
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        response.set_cookie(OWNER_COOKIE, key, max_age=ONE_YEAR, httponly=True,
                            samesite="Lax", secure=request.is_secure)
        return response


@user_logged_out.connect
def _on_log_out(_app, **_extra) -> None:
    @after_this_request
    def _forget(response: Response) -> Response:
        response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        response.delete_cookie(OWNER_COOKIE, samesite="Lax", secure=request.is_secure,
                               httponly=True)
        return response


@bp.app_template_global("seller_theme_colour")
def seller_theme_colour() -> str:
    return theme_colours()["theme"]
