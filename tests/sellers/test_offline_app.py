"""The seller area as an installable app: its manifest, its service worker, its offline page,
and the headers that empty what a browser kept when a person logs out or someone else logs in."""
import json
import re

from PIL import Image

from marketplace import PROJECT_ROOT
from tests.conftest import submit
from tests.factories import PASSWORD, make_shop, make_user

CLEAR = '"cache", "storage"'


def test_seller_pages_link_the_manifest_and_the_worker_script_and_other_pages_do_not(
        client, db, login_as):
    user = make_user()
    make_shop(owner=user)
    login_as(user)
    dashboard = client.get("/seller/").get_data(as_text=True)
    assert '<link rel="manifest" href="/seller/manifest.webmanifest?lang=id">' in dashboard
    assert re.search(r'<script src="/static/js/seller-app\.js\?v=\w+" data-worker="/seller/sw\.js" '
                     r'data-scope="/seller/" defer></script>', dashboard)
    assert '<meta name="theme-color" content="#a3301b">' in dashboard
    # The notice the worker shows on a saved copy is in the page, hidden.
    assert "data-offline-notice hidden" in dashboard and "<time data-saved-at></time>" in dashboard
    for page in ("/", "/products", "/cart", "/account/password"):
        html = client.get(page).get_data(as_text=True)
        assert 'rel="manifest"' not in html and "seller-app.js" not in html, page


def test_the_manifest_names_the_seller_app_in_the_visitors_language_with_its_icons(client):
    response = client.get("/seller/manifest.webmanifest?lang=id")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Sentra Penjual"
    assert manifest["short_name"] == "Toko Sentra"
    assert manifest["start_url"] == "/seller/" and manifest["scope"] == "/seller/"
    assert manifest["display"] == "standalone"
    # The colours are the design tokens of the stylesheet.
    css = (PROJECT_ROOT / "static" / "css" / "site.css").read_text()
    assert f"--brand:{manifest['theme_color']}" in css
    assert f"--bg:{manifest['background_color']}" in css
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"),
                        ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        path = PROJECT_ROOT / icon["src"].lstrip("/")
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
    english = json.loads(client.get("/seller/manifest.webmanifest?lang=en").get_data(as_text=True))
    assert english["name"] == "Sentra Sellers" and english["lang"] == "en"


def test_the_worker_is_served_in_the_seller_area_with_the_shell_it_keeps(client):
    response = client.get("/seller/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    # Its scope is the seller area by its own address: no header widens it.
    assert "Service-Worker-Allowed" not in response.headers
    first_line, body = response.get_data(as_text=True).split("\n", 1)
    settings = json.loads(first_line.removeprefix("self.SENTRA = ").removesuffix(";"))
    assert settings["dashboard"] == "/seller/"
    assert settings["offline"] == {"id": "/seller/offline?lang=id", "en": "/seller/offline?lang=en"}
    assert any(url.startswith("/static/css/site.css?v=") for url in settings["shell"])
    for url in settings["shell"]:
        kept = client.get(url)
        kept.close()
        assert kept.status_code == 200, url
    assert "addEventListener(\"fetch\"" in body
    # The worker's own script is held to the same CSP as every response.
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_offline_page_speaks_the_language_asked_and_holds_nothing_of_a_session(
        client, db, login_as):
    user = make_user(name="Yuliana Bani")
    login_as(user)
    indonesian = client.get("/seller/offline?lang=id")
    assert indonesian.status_code == 200
    html = indonesian.get_data(as_text=True)
    assert '<html lang="id">' in html and "Anda sedang offline" in html
    assert "Yuliana" not in html and "csrf_token" not in html
    english = client.get("/seller/offline?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "You are offline" in english


def test_log_out_tells_the_browser_to_forget_what_it_kept(client, db, login_as):
    user = make_user()
    login_as(user)
    response = submit(client, "/account/logout", {}, form_url="/account/password")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == CLEAR
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("sentra_offline_owner=;") for cookie in cookies)


def _log_in(browser, user):
    response = submit(browser, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    return response


def test_log_in_forgets_another_persons_pages_but_keeps_ones_own(app, db):
    first, second = make_user(), make_user()
    browser = app.test_client()
    # A browser nobody is known on: whatever it kept is not this person's.
    assert _log_in(browser, first).headers["Clear-Site-Data"] == CLEAR
    owner = browser.get_cookie("sentra_offline_owner")
    assert owner is not None and re.fullmatch(r"[0-9a-f]{32}", owner.value)  # a hash, not the id

    # The session ends without a log-out (it expired): the same seller signs in again and
    # keeps the dashboard and drafts this phone holds.
    browser.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    assert "Clear-Site-Data" not in _log_in(browser, first).headers

    # Someone else signs in on the same browser: nothing of the first seller stays.
    browser.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    assert _log_in(browser, second).headers["Clear-Site-Data"] == CLEAR
    assert browser.get_cookie("sentra_offline_owner").value != owner.value
