"""The privacy notice and terms, in Indonesian and English, linked where people give data;
consent kept with its version and time, and asked again when a version changes."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.privacy.models import ConsentRecord
from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import add


@pytest.mark.parametrize("url, heading", [
    ("/privacy", "Pemberitahuan Privasi"), ("/privacy/en", "Privacy notice"),
    ("/terms", "Syarat dan Ketentuan"), ("/terms/en", "Terms"),
])
def test_notices_in_both_languages(client, db, url, heading):
    page = client.get(url).get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page
    assert client.get("/privacy/fr").status_code == 404


def test_the_notice_says_who_receives_what(client, db):
    page = client.get("/privacy/en").get_data(as_text=True)
    for words in ("Couriers", "Payment providers", "only for orders they have to ship",
                  "How long", "365 days"):
        assert words in page


def test_notice_linked_from_footer_registration_and_checkout(client, db):
    for url in ("/", "/account/register"):
        assert 'href="/privacy"' in client.get(url).get_data(as_text=True)
    add(client, make_product().variants[0])
    assert 'href="/privacy"' in client.get("/checkout").get_data(as_text=True)


def test_registration_records_consent_with_version_and_time(client, db, app):
    submit(client, "/account/register", {"name": "Yuliana", "email": "y@contoh.id",
                                         "password": PASSWORD, "confirm": PASSWORD})
    user = db.session.scalar(sa.select(User))
    records = {(r.document, r.version) for r in db.session.scalars(
        sa.select(ConsentRecord).where(ConsentRecord.user_id == user.id))}
    assert records == {("privacy", app.config["PRIVACY_NOTICE_VERSION"]),
                       ("terms", app.config["TERMS_VERSION"])}
    assert all(r.accepted_at for r in db.session.scalars(sa.select(ConsentRecord)))


def test_a_new_version_is_asked_at_the_next_sign_in(client, db, app, login_as):
    user = make_user()
    app.config["PRIVACY_NOTICE_VERSION"] = "2027-01-01"
    login_as(user)
    response = client.get("/account/orders")
    assert response.status_code == 303 and "/privacy/consent" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2027-01-01" in page
    assert client.get("/privacy").status_code == 200  # the text itself can be read
    accepted = submit(client, response.headers["Location"], {})
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/account/orders"
    assert client.get("/account/orders").status_code == 200
    versions = set(db.session.scalars(sa.select(ConsentRecord.version).where(
        ConsentRecord.user_id == user.id, ConsentRecord.document == "privacy")))
    assert "2027-01-01" in versions and len(versions) == 2  # the old acceptance is kept


def test_a_person_up_to_date_is_not_asked(client, db, login_as):
    login_as(make_user())
    assert client.get("/account/orders").status_code == 200


def test_consent_page_refuses_a_post_without_csrf(client, db, app, login_as):
    user = make_user()
    app.config["TERMS_VERSION"] = "2027-01-01"
    login_as(user)
    assert client.post("/privacy/consent").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord).where(
        ConsentRecord.version == "2027-01-01")) == 0


def test_every_cookie_the_store_sets_is_named_in_both_notices(client, db, login_as):
    """A journey that sets every cookie there is (language, session, remember-me, cart count,
    favourites, shipping destination): each name it leaves in the browser is in the notice."""
    product = make_product()
    buyer = make_user()
    responses = [
        client.get("/lang/en"),
        submit(client, "/account/login",
               {"email": buyer.email, "password": PASSWORD, "remember": "y"}),
        add(client, product.variants[0]),
        client.post(f"/favourites/{product.id}", headers={"Origin": "http://localhost"}),
        client.get(f"/products/{product.slug}/shipping?province=Bali"),
    ]
    names = {header.split("=", 1)[0] for response in responses
             for header in response.headers.getlist("Set-Cookie")}
    assert {"lang", "session", "remember_token", "cart_count", "favourites", "ship_to"} <= names
    for url in ("/privacy", "/privacy/en"):
        page = client.get(url).get_data(as_text=True)
        for name in names:
            assert f"<code>{name}</code>" in page, (url, name)
