"""Links in mail come from PUBLIC_BASE_URL, never from the host a request names; other hosts
are refused (TRUSTED_HOSTS); how many proxies to trust is a setting (PROXY_FIX_*)."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.config import ProductionConfig
from marketplace.extensions import db as _db
from marketplace.mail import OutboxMessage
from marketplace.navigation import external_url
from tests.conftest import PROJECT_ROOT, empty_all_tables, make_test_app, submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import add, checkout

PUBLIC = "https://sentra.example.id"
FORGED = [
    pytest.param({"headers": {"X-Forwarded-Host": "evil.example"}}, id="x-forwarded-host"),
    pytest.param({"base_url": "http://attacker.example"}, id="host"),
]


def _outbox() -> list[OutboxMessage]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


@pytest.mark.parametrize("forged", FORGED)
def test_a_reset_mail_links_to_the_public_address_whatever_the_request_says(app, client, db,
                                                                            forged):
    app.config["PUBLIC_BASE_URL"] = PUBLIC  # development: any Host is answered
    make_user(email="ina@contoh.id")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/account/reset", **forged).get_data(as_text=True)).group(1)
    response = client.post("/account/reset", data={"email": "ina@contoh.id", "csrf_token": token},
                           **forged)
    assert response.status_code == 303
    [mail] = _outbox()
    links = _links(mail.body)
    assert links and all(link.startswith(f"{PUBLIC}/account/reset/") for link in links), mail.body
    assert "evil" not in mail.body and "attacker" not in mail.body


@pytest.mark.parametrize("forged", FORGED)
def test_order_mail_links_to_the_public_address_whatever_the_request_says(app, client, db,
                                                                          forged):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    add(client, make_product(prices=(150_000,)).variants[0])
    # Every later request of this browser names the forged host.
    client.environ_base.update(
        {"HTTP_X_FORWARDED_HOST": "evil.example"} if "headers" in forged
        else {"HTTP_HOST": "attacker.example"})
    assert checkout(client).status_code == 303
    [mail] = _outbox()
    links = _links(mail.body)
    assert links and all(link.startswith(f"{PUBLIC}/orders/") for link in links), mail.body


def test_external_url_ignores_the_request_host(app):
    app.config["PUBLIC_BASE_URL"] = "https://sentra.example.id/toko"  # under a path, too
    with app.test_request_context("/", base_url="http://attacker.example",
                                  headers={"X-Forwarded-Host": "evil.example"}):
        assert external_url("ledger.balance") == "https://sentra.example.id/toko/seller/balance"
        assert external_url("orders.order_detail", number="SEN-1", t="abc") == (
            "https://sentra.example.id/toko/orders/SEN-1?t=abc")
    assert external_url("ledger.balance") == "https://sentra.example.id/toko/seller/balance"


# Absolute links made from the request's host are for answers to that request only (the API's
# links, Stripe's return addresses); mail goes through navigation.external_url.
ALLOWED_EXTERNAL = {"marketplace/api/representations.py", "marketplace/api/routes.py",
                    "marketplace/api/listings.py", "marketplace/orders/card_payments.py"}


def test_no_mail_builds_links_from_the_request():
    offenders = []
    for path in sorted((PROJECT_ROOT / "marketplace").rglob("*.py")):
        relative = str(path.relative_to(PROJECT_ROOT))
        text = path.read_text()
        if re.search(r"(?<![A-Za-z])_external\s*=\s*True", text) and relative not in ALLOWED_EXTERNAL:
            offenders.append(relative)
    for path in sorted((PROJECT_ROOT / "marketplace").rglob("*.html")):
        if "_external" in path.read_text():
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert offenders == [], f"absolute links from the request's host in {offenders}"


# --- TRUSTED_HOSTS -------------------------------------------------------------------------

@pytest.fixture
def guarded(database_url, media_dir):
    app = make_test_app(database_url, media_dir, PUBLIC_BASE_URL=PUBLIC,
                        TRUSTED_HOSTS=["sentra.example.id", "localhost"])
    with app.app_context():
        yield app
        _db.session.remove()
        empty_all_tables()


@pytest.mark.parametrize("forged", FORGED)
@pytest.mark.parametrize("path", ["/", "/products", "/account/login", "/no-such-page",
                                  "/api/v1/products"])
def test_an_unknown_host_gets_a_clear_400(guarded, forged, path):
    response = guarded.test_client().get(path, **forged)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "sentra.example.id" in html and "<h1>" in html
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("forged", FORGED)
def test_a_reset_asked_through_an_unknown_host_sends_nothing(guarded, forged):
    make_user(email="ina@contoh.id")
    client = guarded.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/account/reset").get_data(as_text=True)).group(1)
    response = client.post("/account/reset", data={"email": "ina@contoh.id", "csrf_token": token},
                           **forged)
    assert response.status_code == 400
    assert _outbox() == []


def test_the_trusted_hosts_are_served(guarded):
    client = guarded.test_client()
    assert client.get("/", base_url="https://sentra.example.id").status_code == 200
    assert client.get("/", base_url="https://sentra.example.id:8443").status_code == 200
    assert client.get("/").status_code == 200  # localhost


def test_production_needs_its_public_address(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        ProductionConfig()
    for wrong in ("sentra.id", "ftp://sentra.id", "https://"):
        monkeypatch.setenv("PUBLIC_BASE_URL", wrong)
        with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
            ProductionConfig()
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.id/")
    config = ProductionConfig()
    assert config.PUBLIC_BASE_URL == "https://sentra.id"
    assert config.TRUSTED_HOSTS == ["sentra.id"]  # by default, the public address only
    monkeypatch.setenv("TRUSTED_HOSTS", "sentra.id, www.sentra.id")
    assert ProductionConfig().TRUSTED_HOSTS == ["sentra.id", "www.sentra.id"]


# --- ProxyFix ------------------------------------------------------------------------------

NGINX = "10.0.0.2"   # the proxy the app sees
BALANCER = "10.0.0.1"


def _fail_login(client, client_address: str, forged_prefix: str = ""):
    """A failed log-in from `client_address`, through a load balancer and nginx: each appends
    the address it saw to X-Forwarded-For (the client may have put anything before)."""
    forwarded = f"{forged_prefix}{client_address}, {BALANCER}"
    # Each client guesses at another account: only the per-address limit is in play.
    return submit(client, "/account/login", {"email": f"{client_address}@contoh.id",
                                             "password": "x" * 12},
                  headers={"X-Forwarded-For": forwarded}, environ_base={"REMOTE_ADDR": NGINX})


def test_behind_two_proxies_the_login_limit_counts_each_client(database_url, media_dir):
    app = make_test_app(database_url, media_dir, PROXY_FIX_X_FOR=2,
                        LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (2, 1, 1)
    with app.app_context():
        client = app.test_client()
        for _ in range(3):
            assert _fail_login(client, "203.0.113.7").status_code == 400
        assert _fail_login(client, "203.0.113.7").status_code == 429
        # A forged X-Forwarded-For entry does not make the same client someone else...
        assert _fail_login(client, "203.0.113.7", "198.51.100.9, ").status_code == 429
        # ...while another client behind the same balancer is not locked out.
        assert _fail_login(client, "203.0.113.8").status_code == 400


def test_trusting_one_proxy_behind_two_sees_only_the_balancer(database_url, media_dir):
    """Why the setting matters: with the default (1), every client is the load balancer."""
    app = make_test_app(database_url, media_dir, LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    with app.app_context():
        client = app.test_client()
        for address in ("203.0.113.7", "203.0.113.8", "203.0.113.9"):
            assert _fail_login(client, address).status_code == 400
        assert _fail_login(client, "203.0.113.10").status_code == 429


def test_log_in_through_a_trusted_host_still_works(guarded):
    make_user(email="ina@contoh.id")
    client = guarded.test_client()
    response = submit(client, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD})
    assert response.status_code == 303


def test_readme_and_env_example_document_the_new_settings():
    readme = (PROJECT_ROOT / "README.md").read_text()
    example = (PROJECT_ROOT / ".env.example").read_text()
    for name in ("TRUSTED_HOSTS", "PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "PROXY_FIX_X_HOST",
                 "PUBLIC_BASE_URL"):
        assert f"`{name}" in readme and name in example, name
